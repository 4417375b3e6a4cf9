package dev.netns.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpGetTest {

    @Test
    void parsesStatusServerAndBody() throws IOException {
        HttpGet r = HttpGet.parse(bytes("HTTP/1.0 200 OK\r\nServer: SimpleHTTP/0.6 Python/3.11.2\r\nContent-Length: 17\r\n\r\nhello from mypod\n"));
        assertEquals("HTTP/1.0 200 OK", r.status());
        assertEquals(200, r.code());
        assertEquals(Optional.of("SimpleHTTP/0.6 Python/3.11.2"), r.server());
        assertEquals("hello from mypod\n", r.body());
    }

    @Test
    void headerNamesAreCaseInsensitiveAndOptional() throws IOException {
        assertEquals(Optional.of("x"), HttpGet.parse(bytes("HTTP/1.1 404 Not Found\r\nSERVER:x\r\n\r\n")).server());
        assertEquals(Optional.empty(), HttpGet.parse(bytes("HTTP/1.1 204 No Content\r\n\r\n")).server());
    }

    @Test
    void rejectsWhatIsNotHttp() {
        assertTrue(assertThrows(IOException.class, () -> HttpGet.parse(bytes("SSH-2.0-OpenSSH\r\n"))).getMessage()
                .startsWith("not an HTTP response (no end of headers)"));
        assertTrue(assertThrows(IOException.class, () -> HttpGet.parse(bytes("HELLO 200 OK\r\n\r\n"))).getMessage()
                .startsWith("not an HTTP status line"));
        assertTrue(assertThrows(IOException.class, () -> HttpGet.parse(bytes("HTTP/1.1 OK\r\n\r\n"))).getMessage()
                .startsWith("not an HTTP status line"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
