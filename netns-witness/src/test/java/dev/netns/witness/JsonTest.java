package dev.netns.witness;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest {

    @Test
    void parsesWhatIproute2Prints() {
        Object v = Json.parse("[{\"ifindex\":3,\"flags\":[\"UP\"],\"hold_timer\":0.00,\"hairpin\":false,"
                + "\"x\":null,\"s\":\"a\\\"b\\u0041\"}, {}]");
        Map<?, ?> first = (Map<?, ?>) ((List<?>) v).get(0);
        assertEquals(3L, first.get("ifindex"));
        assertEquals(List.of("UP"), first.get("flags"));
        assertEquals(0.0, first.get("hold_timer"));
        assertEquals(false, first.get("hairpin"));
        assertTrue(first.containsKey("x") && first.get("x") == null);
        assertEquals("a\"bA", first.get("s"));
    }

    @Test
    void malformedTextSaysWhereAndWhat() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse("[{\"a\" 1}]"));
        assertTrue(e.getMessage().contains("offset 6") && e.getMessage().contains("colon"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1] x"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("\"open"));
    }

    @Test
    void aRepeatedKeyCountsLastOrIsRefusedWhenStrict() {
        assertEquals(Map.of("a", 2L), Json.parse("{\"a\": 1, \"a\": 2}"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parseStrict("{\"a\": 1, \"a\": 2}"));
        assertTrue(e.getMessage().contains("Duplicate field 'a'"), e.getMessage());
        assertEquals(java.util.Arrays.asList(1L, 1.5, "NaN", true, null), Json.parseStrict("[1, 1.5, \"NaN\", true, null]"));
    }

    @Test
    void linksAndRoutesAreTyped() {
        List<Ip.Link> links = Ip.parseLinks("[{\"ifindex\":3,\"link\":\"v1\",\"ifname\":\"v0\",\"flags\":[\"BROADCAST\",\"UP\"],"
                + "\"mtu\":1500,\"master\":\"br0\",\"operstate\":\"LOWERLAYERDOWN\",\"group\":\"default\","
                + "\"address\":\"7a:6d:c4:c6:97:66\",\"linkinfo\":{\"info_kind\":\"veth\",\"info_slave_kind\":\"bridge\"}}]");
        Ip.Link v0 = links.getFirst();
        assertEquals("v0", v0.name());
        assertEquals("veth", v0.kind().orElseThrow());
        assertEquals("br0", v0.master().orElseThrow());
        assertTrue(v0.isUp());
        List<Ip.Route> routes = Ip.parseRoutes("[{\"dst\":\"default\",\"gateway\":\"10.0.0.1\",\"dev\":\"eth0\"}]");
        assertEquals("10.0.0.1", routes.getFirst().gateway().orElseThrow());
        assertTrue(routes.getFirst().protocol().isEmpty());
    }
}
