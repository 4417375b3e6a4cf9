package dev.netns.cni.plugin;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The resident agent: a warm JVM that serves plugin calls the bash launcher hands over, as Multus'
 * thick plugin and Cilium's agent do, so a call costs no JVM at all on the caller's side. It listens
 * on an ephemeral port of 127.0.0.1 in its own network namespace (the node's) and publishes
 * {@code PORT TOKEN NETNS_INODE} in a file readable by root only; a connection without that token is
 * closed unanswered, a caller who sees another {@code CNI_NETNS} file than the agent is told
 * {@link AgentProtocol#NOT_HERE} (it then runs the call itself). Requests are bounded in size
 * ({@link AgentProtocol}) and in time (10 s to arrive), at most 16 calls run at once, each
 * {@link PluginMain#run} exactly as the plugin would.
 */
final class Agent {
    private static final int READ_TIMEOUT_MS = 10_000;
    private static final Semaphore CALLS = new Semaphore(16);
    private static final AtomicLong SERVED = new AtomicLong();

    private Agent() {
    }

    static void main(Path file) throws IOException {
        PluginLog.configure(System.getenv(), java.util.Optional.empty(), java.util.Optional.empty());
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        byte[] token = HexFormat.of().formatHex(secret).getBytes(StandardCharsets.US_ASCII);
        String net = Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
        String inode = net.substring(net.indexOf('[') + 1, net.indexOf(']'));
        try (ServerSocket server = new ServerSocket(0, 64, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
            Path tmp = Files.createTempFile(dir, ".agent", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, server.getLocalPort() + " " + new String(token, StandardCharsets.US_ASCII) + " " + inode + "\n");
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> removeIfOurs(file, token)));
            PluginLog.get().warn("netns-bridge agent on 127.0.0.1:{} in {}, announced in {}", server.getLocalPort(), net, file);
            while (true) {
                Socket s = server.accept();
                if (!CALLS.tryAcquire()) {
                    s.close();
                    continue;
                }
                Thread.ofPlatform().name("cni-call").start(() -> {
                    try {
                        serve(s, token);
                    } finally {
                        CALLS.release();
                    }
                });
            }
        } finally {
            removeIfOurs(file, token);
        }
    }

    private static void removeIfOurs(Path file, byte[] token) {
        try {
            if (Files.readString(file).contains(new String(token, StandardCharsets.US_ASCII))) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // gone already, or another agent's
        }
    }

    private static void serve(Socket s, byte[] token) {
        try (s) {
            s.setSoTimeout(READ_TIMEOUT_MS);
            InputStream in = new BufferedInputStream(s.getInputStream());
            byte[] given = AgentProtocol.line(in, 128).getBytes(StandardCharsets.US_ASCII);
            if (!MessageDigest.isEqual(given, token)) {
                PluginLog.get().warn("agent: a connection without the token, closed");
                return;
            }
            AgentProtocol.Request r = AgentProtocol.readRequest(in);
            OutputStream out = new BufferedOutputStream(s.getOutputStream());
            if (!r.netnsFile().equals(AgentProtocol.netnsFile(r.env()))) {
                AgentProtocol.writeReply(out, AgentProtocol.NOT_HERE, new byte[0]);
                return;
            }
            long n = SERVED.incrementAndGet();
            PluginLog.get().debug("agent call {} {} (served {})", r.env().get("CNI_COMMAND"), r.env().getOrDefault("CNI_CONTAINERID", ""), n);
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            int status = PluginMain.run(r.env(), new ByteArrayInputStream(r.stdin()),
                    new PrintStream(stdout, true, StandardCharsets.UTF_8));
            AgentProtocol.writeReply(out, Integer.toString(status), stdout.toByteArray());
        } catch (IOException | RuntimeException e) {
            PluginLog.get().warn("agent call failed: {}", e.toString());
        }
    }
}
