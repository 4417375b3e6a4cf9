package dev.netns.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A minimal static file server, the demo's HTTP container where {@code python3} is missing: run as
 * its own {@code java} process ({@code java -cp ... dev.netns.examples.TinyHttpServer HOST PORT DIR}),
 * it serves the regular files directly in {@code DIR} with the JDK's {@code com.sun.net.httpserver}.
 * It prints one line when it listens (or one saying why it cannot) and runs until killed.
 *
 * {@snippet :
 * // what the demo runs inside the pod when python3 is missing
 * Process server = pod.start(new ProcessBuilder(javaCommand, "-cp", classes,
 *         "dev.netns.examples.TinyHttpServer", "127.0.0.1", "8080", "/tmp/www"));
 * }
 */
public final class TinyHttpServer {
    private TinyHttpServer() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: TinyHttpServer HOST PORT DIR");
            System.exit(2);
        }
        InetAddress host = InetAddress.getByName(args[0]);
        int port = Integer.parseInt(args[1]);
        Path dir = Path.of(args[2]).toAbsolutePath().normalize();
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException e) {
            // one line, last in the log, for whoever started this to quote
            System.out.println("TinyHttpServer cannot listen on " + host.getHostAddress() + ":" + port + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        server.createContext("/", exchange -> serve(exchange, dir));
        server.start();
        System.out.println("TinyHttpServer listening on " + host.getHostAddress() + ":" + port);
        System.out.flush();
    }

    private static void serve(HttpExchange exchange, Path dir) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Server", "TinyHttpServer Java/" + Runtime.version().feature());
            String name = exchange.getRequestURI().getPath().replaceFirst("^/", "");
            // only plain file names in DIR: no sub-paths, so nothing outside it can be asked for
            Path file = name.isEmpty() || name.contains("/") || name.startsWith(".") ? null : dir.resolve(name);
            if (!exchange.getRequestMethod().equals("GET") || file == null || !Files.isRegularFile(file)) {
                byte[] body = "not found\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(404, body.length);
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(body);
                }
                return;
            }
            byte[] body = Files.readAllBytes(file);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(body);
            }
        }
    }
}
