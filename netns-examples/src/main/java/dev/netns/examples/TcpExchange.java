package dev.netns.examples;

import dev.netns.NetworkNamespace;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One TCP conversation between two namespaces, on the calling thread alone: a listening socket
 * opened inside the server's namespace, a client socket connected from inside the client's
 * namespace (the kernel completes the handshake into the listen backlog, so no second thread is
 * needed to accept), then one line each way. Both sockets stay in their namespaces for life, so the
 * rest runs outside any namespace.
 *
 * @param serverSaw the client address and port as the server's {@code accept} reported it
 * @param clientSaw the server address and port as the client's socket reports it
 * @param reply     the line the server sent back
 */
record TcpExchange(InetSocketAddress serverSaw, InetSocketAddress clientSaw, String reply) {

    /** Listens on {@code bind:port} in {@code serverNs}, connects from {@code clientNs}, and exchanges {@code hello} and a reply. */
    static TcpExchange run(NetworkNamespace serverNs, InetAddress bind, int port, NetworkNamespace clientNs, String hello,
                           Duration timeout) throws IOException {
        int millis = (int) timeout.toMillis();
        try (ServerSocket server = serverNs.call(() -> new ServerSocket(port, 4, bind))) {
            server.setSoTimeout(millis);
            try (Socket client = clientNs.call(() -> {
                Socket s = new Socket();
                try {
                    s.connect(new InetSocketAddress(bind, port), millis);
                    return s;
                } catch (IOException e) {
                    s.close();
                    throw e;
                }
            }); Socket accepted = server.accept()) {
                client.setSoTimeout(millis);
                accepted.setSoTimeout(millis);
                PrintWriter toServer = writer(client);
                toServer.println(hello);
                BufferedReader atServer = reader(accepted);
                String got = atServer.readLine();
                InetSocketAddress peer = (InetSocketAddress) accepted.getRemoteSocketAddress();
                writer(accepted).println("got \"" + got + "\" from " + peer.getAddress().getHostAddress() + ":" + peer.getPort());
                String reply = reader(client).readLine();
                if (reply == null) {
                    throw new IOException("the server closed the connection without replying");
                }
                return new TcpExchange(peer, (InetSocketAddress) client.getRemoteSocketAddress(), reply);
            }
        }
    }

    private static PrintWriter writer(Socket s) throws IOException {
        return new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    private static BufferedReader reader(Socket s) throws IOException {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    }
}
