package dev.netns.linux.cluster;

import dev.netns.Pod;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * A bounded TCP echo between two pods: the client sends {@code size} bytes, the server sends every
 * byte back, the client checks it got exactly what it sent. Megabytes in both directions travel in
 * full-size segments, so a wrong MTU anywhere on the path stalls the transfer into its timeout.
 * The sockets are opened inside the pods; the IO runs on threads outside every namespace.
 */
final class TcpEcho {
    private static final int TIMEOUT_MS = 15_000;

    private TcpEcho() {
    }

    /** Echoes {@code size} bytes from {@code client} to {@code server} and back; fails after 15 s without progress. */
    static void exchange(Pod client, Pod server, int size) throws Exception {
        byte[] payload = new byte[size];
        new Random(size).nextBytes(payload);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (ServerSocket listener = server.call(() -> new ServerSocket(0, 1, server.address()))) {
            listener.setSoTimeout(TIMEOUT_MS);
            CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> serveOne(listener), threads);
            // java.net.Socket makes its descriptor lazily, at connect: connect inside the pod
            try (Socket socket = client.call(() -> connect(server, listener.getLocalPort()))) {
                socket.setSoTimeout(TIMEOUT_MS);
                CompletableFuture<Void> send = CompletableFuture.runAsync(() -> {
                    try {
                        OutputStream out = socket.getOutputStream();
                        out.write(payload);
                        socket.shutdownOutput();
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                }, threads);
                byte[] back = socket.getInputStream().readNBytes(size + 1);
                send.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                echo.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                assertArrayEquals(payload, back,
                        "echo of " + size + " bytes from " + client.address().getHostAddress() + " to "
                                + server.address().getHostAddress() + " came back as " + back.length + " bytes");
            }
        } finally {
            threads.shutdownNow();
            threads.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static Socket connect(Pod server, int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(server.address(), port), TIMEOUT_MS);
        return s;
    }

    private static void serveOne(ServerSocket listener) {
        try (Socket s = listener.accept()) {
            s.setSoTimeout(TIMEOUT_MS);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
            }
            s.shutdownOutput();
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }
}
