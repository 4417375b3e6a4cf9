package dev.netns.cni.spec;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void parsesEveryValueKindInOrder() throws Exception {
        Object v = Json.parse(b("{\"s\":\"x\",\"i\":7,\"big\":123456789012345678901234,\"d\":1.5,\"t\":true,"
                + "\"n\":null,\"l\":[1,\"a\"],\"o\":{\"z\":1,\"a\":2}}"));
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of("s", "i", "big", "d", "t", "n", "l", "o"), List.copyOf(m.keySet()));
        assertEquals(7L, m.get("i"));
        assertEquals(new java.math.BigInteger("123456789012345678901234"), m.get("big"));
        assertEquals(1.5, m.get("d"));
        assertEquals(List.of("z", "a"), List.copyOf(((Map<?, ?>) m.get("o")).keySet()));
    }

    @Test
    void writesCompactAndRoundTrips() throws Exception {
        String text = "{\"a\":[1,2,{\"b\":null}],\"c\":\"\\u00e9\\n\",\"d\":false,\"e\":2.5}";
        assertEquals("{\"a\":[1,2,{\"b\":null}],\"c\":\"é\\n\",\"d\":false,\"e\":2.5}",
                new String(Json.write(Json.parse(b(text))), StandardCharsets.UTF_8));
    }

    @Test
    void rejectsMalformedInputNamingTheProblem() {
        assertTrue(assertThrows(JsonDecodeException.class, () -> Json.parse(b("{\"a\":1,"))).getMessage()
                .contains("offset"));
        assertTrue(assertThrows(JsonDecodeException.class, () -> Json.parse(b("{} {}"))).getMessage()
                .contains("trailing content"));
        assertTrue(assertThrows(JsonDecodeException.class, () -> Json.parse(b("{\"a\":1,\"a\":2}"))).getMessage()
                .contains("Duplicate field 'a'"));
        assertTrue(assertThrows(JsonDecodeException.class, () -> Json.parse(b("   "))).getMessage()
                .contains("empty document"));
        assertTrue(assertThrows(JsonDecodeException.class, () -> Json.parseObject(b("[1]"))).getMessage()
                .contains("expected a JSON object, got a list"));
        String deep = "[".repeat(200) + "]".repeat(200);
        assertTrue(assertThrows(JsonDecodeException.class, () -> Json.parse(b(deep))).getMessage()
                .contains("nesting depth"));
    }

    @Test
    void boundsTheDocumentSize() {
        byte[] big = new byte[Json.MAX_DOCUMENT_BYTES + 10];
        java.util.Arrays.fill(big, (byte) ' ');
        assertThrows(JsonDecodeException.class, () -> Json.readBounded(new ByteArrayInputStream(big)));
        assertThrows(JsonDecodeException.class, () -> Json.parse(big));
    }

    @Test
    void typedAccessorsNameThePathOfAWrongType() throws Exception {
        JsonObject o = Json.parseObject(b("{\"ipam\":{\"ranges\":[[{\"subnet\":5}]]},\"mtu\":\"x\",\"big\":99999999999}"));
        JsonObject range = JsonObject.element("ipam.ranges[0][0]",
                ((List<?>) o.object("ipam").orElseThrow().list("ranges").get(0)).get(0));
        assertEquals("ipam.ranges[0][0].subnet: expected a string, got a number",
                assertThrows(JsonDecodeException.class, () -> range.requireString("subnet")).getMessage());
        assertEquals("mtu: expected an integer, got a string",
                assertThrows(JsonDecodeException.class, () -> o.integer("mtu")).getMessage());
        assertEquals("big: 99999999999 is out of range",
                assertThrows(JsonDecodeException.class, () -> o.integer("big")).getMessage());
        assertTrue(o.string("absent").isEmpty());
        assertEquals(true, o.bool("absent", true));
    }
}
