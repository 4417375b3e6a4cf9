package dev.netns.cni.spec;

import dev.netns.IpPrefix;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpecModelTest {
    /** The shape the reference bridge plugin (1.1.1) prints for cniVersion 1.0.0, compacted. */
    private static final String BRIDGE_RESULT = "{\"cniVersion\":\"1.0.0\",\"interfaces\":["
            + "{\"name\":\"cni0\",\"mac\":\"4a:2d:2e:1f:00:01\"},"
            + "{\"name\":\"veth1a2b3c4d\",\"mac\":\"ae:1c:00:00:00:02\"},"
            + "{\"name\":\"eth0\",\"mac\":\"6e:55:00:00:00:03\",\"sandbox\":\"/run/netns/c1\"}],"
            + "\"ips\":[{\"interface\":2,\"address\":\"10.88.0.2/16\",\"gateway\":\"10.88.0.1\"}],"
            + "\"routes\":[{\"dst\":\"0.0.0.0/0\",\"gw\":\"10.88.0.1\"}],\"dns\":{}}";

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void resultReadsAndWritesTheReferenceShapeByteForByte() throws Exception {
        Result r = Result.fromJson(Json.parseObject(b(BRIDGE_RESULT)), "1.0.0");
        assertEquals(3, r.interfaces().size());
        assertEquals(Optional.of("/run/netns/c1"), r.interfaces().get(2).sandbox());
        assertEquals(IpPrefix.parse("10.88.0.2/16"), r.ips().get(0).address());
        assertEquals(2, r.ips().get(0).interfaceIndex().getAsInt());
        assertEquals(BRIDGE_RESULT, new String(Json.write(r.toJson("1.0.0")), StandardCharsets.UTF_8));
    }

    @Test
    void resultBefore100CarriesTheIpVersion() throws Exception {
        Result r = Result.fromJson(Json.parseObject(b(BRIDGE_RESULT)), "1.0.0");
        String old = new String(Json.write(r.toJson("0.4.0")), StandardCharsets.UTF_8);
        assertTrue(old.contains("{\"version\":\"4\",\"interface\":2,\"address\":\"10.88.0.2/16\""), old);
    }

    @Test
    void resultRejectsAnInterfaceIndexOutOfRangeAndBadAddresses() {
        assertEquals("ips[0].interface: 3 is not an index into interfaces (1 of them)",
                assertThrows(JsonDecodeException.class, () -> Result.fromJson(Json.parseObject(b(
                        "{\"interfaces\":[{\"name\":\"eth0\"}],\"ips\":[{\"interface\":3,\"address\":\"10.0.0.2/24\"}]}")),
                        "1.0.0")).getMessage());
        assertTrue(assertThrows(JsonDecodeException.class, () -> Result.fromJson(Json.parseObject(b(
                "{\"ips\":[{\"address\":\"10.0.0.300/24\"}]}")), "1.0.0")).getMessage().startsWith("ips[0].address: "));
    }

    @Test
    void conflistNegotiatesTheHighestKnownVersionAndReadsCapabilities() throws Exception {
        NetworkConfigList l = NetworkConfigList.parse(b("{\"cniVersion\":\"1.0.0\",\"cniVersions\":[\"0.4.0\",\"1.1.0\",\"9.0.0\"],"
                + "\"name\":\"podnet\",\"disableCheck\":\"true\",\"plugins\":[{\"type\":\"bridge\",\"unknown\":{\"x\":1}},"
                + "{\"type\":\"portmap\",\"capabilities\":{\"portMappings\":true,\"bandwidth\":false}}]}"));
        assertEquals("1.1.0", l.cniVersion());
        assertTrue(l.disableCheck());
        assertFalse(l.disableGC());
        assertEquals(List.of("bridge", "portmap"), l.plugins().stream().map(NetworkConfig::type).toList());
        assertEquals(Set.of("portMappings"), l.plugins().get(1).capabilities());
    }

    @Test
    void singleConfReadsAsAListOfOne() throws Exception {
        NetworkConfigList l = NetworkConfigList.parse(b("{\"cniVersion\":\"0.4.0\",\"name\":\"n\",\"type\":\"bridge\"}"));
        assertEquals("0.4.0", l.cniVersion());
        assertEquals("bridge", l.plugins().get(0).type());
    }

    @Test
    void conflistRulesAreNamed() {
        assertTrue(assertThrows(JsonDecodeException.class, () -> NetworkConfigList.parse(b(
                "{\"name\":\"-bad\",\"type\":\"x\"}"))).getMessage().startsWith("name: must start"));
        assertEquals("plugins[0].type: must be a plugin file name without '/', got \"../x\"",
                assertThrows(JsonDecodeException.class, () -> NetworkConfigList.parse(b(
                        "{\"name\":\"n\",\"plugins\":[{\"type\":\"../x\"}]}"))).getMessage());
        assertEquals("plugins[0]: expected an object, got a string",
                assertThrows(JsonDecodeException.class, () -> NetworkConfigList.parse(b(
                        "{\"name\":\"n\",\"plugins\":[\"bridge\"]}"))).getMessage());
    }

    @Test
    void errorObjectRoundTrips() throws Exception {
        CniError e = new CniError("1.0.0", ErrorCodes.DECODE_FAILURE, "failed to decode", "");
        String text = new String(Json.write(e.toJson()), StandardCharsets.UTF_8);
        assertEquals("{\"cniVersion\":\"1.0.0\",\"code\":6,\"msg\":\"failed to decode\"}", text);
        assertEquals(Optional.of(e), CniError.fromJson(Json.parseObject(b(text))));
        assertEquals(Optional.empty(), CniError.fromJson(Json.parseObject(b("{\"cniVersion\":\"1.0.0\"}"))));
    }

    @Test
    void versionsCompareNumerically() {
        assertTrue(CniVersion.compare("0.10.0", "0.4.0") > 0);
        assertTrue(CniVersion.atLeast("1.1.0", "1.1.0"));
        assertFalse(CniVersion.isValid("1.x"));
    }
}
