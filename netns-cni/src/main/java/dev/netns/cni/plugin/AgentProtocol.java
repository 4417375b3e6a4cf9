package dev.netns.cni.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The agent's wire format over loopback TCP, lines a bash launcher writes and reads with builtins.
 * A request: the token, the caller's identity of the {@code CNI_NETNS} file ({@code DEV:INO} as
 * {@code stat -L -c %d:%i} prints it, empty when there is none), the number of variables, one
 * {@code NAME=VALUE} line per {@code CNI_*} or {@code NETNS_CNI_*} variable, the byte length of stdin,
 * then stdin. A reply: the exit status (or {@link #NOT_HERE}), the byte length of stdout, then stdout.
 * The agent file holds {@code PORT TOKEN NETNS_INODE}: where the agent listens, the secret a caller
 * proves it is root with, and the network namespace the port is in.
 */
final class AgentProtocol {
    static final String NOT_HERE = "NOT_HERE";
    static final int MAX_BYTES = 1 << 20;
    static final int MAX_LINE = 64 << 10;
    static final int MAX_VARIABLES = 64;
    static final Path DEFAULT_FILE = Path.of("/run/netns-cni/agent");

    private AgentProtocol() {
    }

    record Request(String netnsFile, Map<String, String> env, byte[] stdin) {
    }

    /** The request after the token line; IOException when it breaks a bound or the framing. */
    static Request readRequest(InputStream in) throws IOException {
        String netnsFile = line(in, MAX_LINE);
        int n = number(line(in, 16), MAX_VARIABLES);
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String kv = line(in, MAX_LINE);
            int eq = kv.indexOf('=');
            if (eq <= 0 || !(kv.startsWith("CNI_") || kv.startsWith("NETNS_CNI_"))) {
                throw new IOException("agent request: not a CNI variable");
            }
            env.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        int len = number(line(in, 16), MAX_BYTES);
        byte[] stdin = in.readNBytes(len);
        if (stdin.length != len) {
            throw new IOException("agent request: stdin cut short");
        }
        return new Request(netnsFile, env, stdin);
    }

    static void writeReply(OutputStream out, String status, byte[] stdout) throws IOException {
        out.write((status + "\n" + stdout.length + "\n").getBytes(StandardCharsets.US_ASCII));
        out.write(stdout);
        out.flush();
    }

    /** {@code DEV:INO} of the file {@code CNI_NETNS} names, as this process sees it; empty if none. */
    static String netnsFile(Map<String, String> env) throws IOException {
        String netns = env.getOrDefault("CNI_NETNS", "");
        if (netns.isEmpty() || !Files.exists(Path.of(netns))) {
            return "";
        }
        Path p = Path.of(netns);
        return Files.getAttribute(p, "unix:dev") + ":" + Files.getAttribute(p, "unix:ino");
    }

    /** One line of at most {@code max} bytes, without its newline. */
    static String line(InputStream in, int max) throws IOException {
        byte[] buf = new byte[Math.min(max, 256)];
        int n = 0;
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0 || n == max) {
                throw new IOException(b < 0 ? "agent request: cut short" : "agent request: line over " + max + " bytes");
            }
            if (n == buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.min(max, buf.length * 2));
            }
            buf[n++] = (byte) b;
        }
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }

    private static int number(String s, int max) throws IOException {
        if (!s.matches("[0-9]{1,9}") || Integer.parseInt(s) > max) {
            throw new IOException("agent request: bad count " + s.length() + " chars");
        }
        return Integer.parseInt(s);
    }
}
