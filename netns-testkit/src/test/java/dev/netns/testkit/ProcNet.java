package dev.netns.testkit;

import dev.netns.NetworkNamespace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The kernel's socket tables of a namespace ({@code /proc/thread-self/net/tcp}, {@code tcp6}, {@code udp}, {@code udp6}), read from inside it. */
final class ProcNet {
    static final String LISTEN = "0A";
    static final String ESTABLISHED = "01";

    /** A socket: local port and the state column (hex, as the kernel prints it). */
    record Socket(int localPort, String state) {
    }

    private ProcNet() {
    }

    static List<Socket> tcp(NetworkNamespace ns) throws Exception {
        return ns.call(() -> read("tcp", "tcp6"));
    }

    static List<Socket> udp(NetworkNamespace ns) throws Exception {
        return ns.call(() -> read("udp", "udp6"));
    }

    private static List<Socket> read(String... tables) throws Exception {
        List<Socket> sockets = new ArrayList<>();
        for (String table : tables) {
            Path p = Path.of("/proc/thread-self/net", table);
            if (!Files.exists(p)) {
                continue;
            }
            for (String line : Files.readAllLines(p).subList(1, Files.readAllLines(p).size())) {
                String[] f = line.strip().split("\\s+");
                String local = f[1];
                sockets.add(new Socket(Integer.parseInt(local.substring(local.indexOf(':') + 1), 16), f[3]));
            }
        }
        return sockets;
    }

    static long count(List<Socket> sockets, int port, String state) {
        return sockets.stream().filter(s -> s.localPort() == port && s.state().equals(state)).count();
    }
}
