package dev.netns.examples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * A one-shot HTTP/1.1 GET over a plain socket on the calling thread, with {@code Connection: close}.
 *
 * <p>Why not {@code java.net.http.HttpClient} or {@code HttpURLConnection}: both start helper threads
 * (a selector, a keep-alive timer) lazily, and a thread started from inside a namespace stays in it
 * for good. A socket on the caller's thread, run with {@code pod.call(...)}, leaves nothing behind.
 *
 * @param status the status line, e.g. {@code HTTP/1.0 200 OK}
 * @param code   the status code
 * @param server the {@code Server} header, if any
 * @param body   the body as UTF-8 text
 */
record HttpGet(String status, int code, Optional<String> server, String body) {
    private static final int MAX_BYTES = 1 << 20;

    /** GET {@code http://host:port/path}, bounded by {@code timeout} for connecting and for each read. */
    static HttpGet fetch(InetAddress host, int port, String path, Duration timeout) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            OutputStream os = s.getOutputStream();
            String request = "GET " + path + " HTTP/1.1\r\nHost: " + host.getHostAddress() + ":" + port
                    + "\r\nUser-Agent: netns-demo\r\nConnection: close\r\n\r\n";
            os.write(request.getBytes(StandardCharsets.US_ASCII));
            os.flush();
            return parse(readAll(s.getInputStream()));
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int n;
        while ((n = in.read(chunk)) >= 0) {
            buf.write(chunk, 0, n);
            if (buf.size() > MAX_BYTES) {
                throw new IOException("HTTP response larger than " + MAX_BYTES + " bytes");
            }
        }
        return buf.toByteArray();
    }

    /** Parses a whole response (the server closed the connection after it). */
    static HttpGet parse(byte[] raw) throws IOException {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int headerEnd = text.indexOf("\r\n\r\n");
        if (headerEnd < 0) {
            throw new IOException("not an HTTP response (no end of headers): " + abbreviate(text));
        }
        String[] lines = text.substring(0, headerEnd).split("\r\n");
        String status = lines[0];
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("\\d{3}")) {
            throw new IOException("not an HTTP status line: " + abbreviate(status));
        }
        Optional<String> server = Optional.empty();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0 && lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("server")) {
                server = Optional.of(lines[i].substring(colon + 1).trim());
            }
        }
        String body = new String(raw, headerEnd + 4, raw.length - headerEnd - 4, StandardCharsets.UTF_8);
        return new HttpGet(status, Integer.parseInt(parts[1]), server, body);
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
