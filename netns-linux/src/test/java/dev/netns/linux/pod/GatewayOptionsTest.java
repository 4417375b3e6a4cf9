package dev.netns.linux.pod;

import dev.netns.Pod;
import dev.netns.PodNetwork;
import dev.netns.witness.Commands;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bridge without the gateway addresses ({@code gatewayOnBridge(false)}), pods without default routes,
 * a gateway that is not the first address and a narrowed address range, on a real node: witnessed by
 * {@code ip -j}, a second process and the node's other networks.
 */
class GatewayOptionsTest {
    @AutoClose
    private final SharedNetworkFixture fx = new SharedNetworkFixture("gwnode", "10.245.3.0/24");

    GatewayOptionsTest() throws Exception {
    }

    private String podIp(Pod p, String... args) {
        return Commands.run(concat(List.of("ip", "-n", fx.sandbox.prefix() + p.id()), args));
    }

    private static String[] concat(List<String> head, String... tail) {
        List<String> all = new java.util.ArrayList<>(head);
        all.addAll(List.of(tail));
        return all.toArray(String[]::new);
    }

    @Test
    void aBridgeWithoutGatewayKeepsNoAddressAndEveryProcessAgrees() throws Exception {
        try (PodNetwork net = fx.builder().gatewayOnBridge(false).defaultRoute(false).open()) {
            Pod a = net.addPod("a");
            Pod b = net.addPod("b");
            assertEquals("10.245.3.2", a.address().getHostAddress());
            assertEquals("10.245.3.3", b.address().getHostAddress());
            assertEquals("10.245.3.1/24", net.gateways().getFirst().toString(), "the gateway is still the network's, off the bridge");

            String bridge = fx.sandbox.ip("-j", "addr", "show", "dev", SharedNetworkFixture.BRIDGE);
            assertFalse(bridge.contains("\"family\":\"inet\""), "no IPv4 address on the bridge: " + bridge);
            assertFalse(bridge.contains("10.245.3."), bridge);
            assertTrue(fx.sandbox.ip("-j", "-d", "link", "show", "dev", SharedNetworkFixture.BRIDGE)
                    .contains("\"ifalias\":\"netns-network pods no-gateway 10.245.3.0/24\""));
            assertTrue(podIp(a, "-j", "addr", "show", "dev", "eth0").contains("\"local\":\"10.245.3.2\""));
            assertEquals("[]", podIp(a, "-j", "route", "show", "default").strip(), "no default route was asked for");
            SharedNetworkFixture.tcp(a, b);                        // pods still talk over the switch

            // a second process opening it the same way joins; the bridge stays without an address
            String out = SharedNetworkFixture.finish(fx.agentWith(List.of("-Dpodagent.gatewayOnBridge=false"), "add", "c"));
            assertTrue(out.contains("added c 10.245.3.4"), out);
            assertFalse(fx.sandbox.ip("-j", "addr", "show", "dev", SharedNetworkFixture.BRIDGE).contains("10.245.3."));

            // a process that would put the gateway on the bridge is refused, and adds nothing
            Process wrong = fx.agent("add", "d");
            String refused = new String(wrong.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(wrong.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) && wrong.exitValue() != 0, refused);
            assertTrue(refused.contains("without the gateway addresses") && refused.contains("gatewayOnBridge(false)"), refused);
            IllegalStateException here = assertThrows(IllegalStateException.class, () -> fx.builder().open());
            assertTrue(here.getMessage().contains("network pods was made without"), here.getMessage());
            assertFalse(fx.sandbox.ip("-j", "addr", "show", "dev", SharedNetworkFixture.BRIDGE).contains("10.245.3."));
            assertEquals(3, fx.bridgePorts().size(), fx.bridgePorts().toString());

            // pods still get the default route via the (outside) gateway when asked
            try (PodNetwork routed = fx.builder().gatewayOnBridge(false).open()) {
                Pod e = routed.addPod("e");
                assertTrue(podIp(e, "-j", "route", "show", "default").contains("\"gateway\":\"10.245.3.1\""));
            }
            net.delete();
        }
    }

    @Test
    void anotherNetworkOverlappingABridgeWithoutAddressesIsRefusedNamingIt() throws Exception {
        try (PodNetwork net = fx.builder().gatewayOnBridge(false).open()) {
            for (boolean gatewayOnBridge : List.of(true, false)) {
                PodNetwork.Builder other = PodNetwork.builder().node(fx.node()).name("others").bridgeName("cni1")
                        .subnet("10.245.0.0/16").stateDirectory(fx.state).namespacePrefix(fx.sandbox.prefix())
                        .gatewayOnBridge(gatewayOnBridge);
                IllegalStateException e = assertThrows(IllegalStateException.class, other::open);
                assertTrue(e.getMessage().contains("overlaps 10.245.3.0/24 on cni0 (network pods)"), e.getMessage());
                e = assertThrows(IllegalStateException.class, other::create);
                assertTrue(e.getMessage().contains("(network pods)"), e.getMessage());
                assertFalse(fx.sandbox.ip("-j", "link", "show").contains("\"cni1\""), "nothing half-made");
            }
            net.delete();
        }
    }

    @Test
    void aGatewayInsideANarrowRangeIsSkippedAndTheRangeIsExhaustedAtItsEnd() throws Exception {
        try (PodNetwork net = fx.builder().gateway("10.245.3.100").addressRange("10.245.3.99", "10.245.3.101").open()) {
            assertEquals("10.245.3.99", net.addPod("a").address().getHostAddress());
            Pod b = net.addPod("b");
            assertEquals("10.245.3.101", b.address().getHostAddress());
            IllegalStateException full = assertThrows(IllegalStateException.class, () -> net.addPod("c"));
            assertTrue(full.getMessage().contains("10.245.3.99-10.245.3.101"), full.getMessage());
            assertTrue(fx.sandbox.ip("-j", "addr", "show", "dev", SharedNetworkFixture.BRIDGE)
                    .contains("\"local\":\"10.245.3.100\",\"prefixlen\":24"));
            assertTrue(podIp(b, "-j", "route", "show", "default").contains("\"gateway\":\"10.245.3.100\""));
            assertEquals(java.util.Set.of("10.245.3.99", "10.245.3.101", "last_reserved_ip.0", "lock"), fx.stateFiles());
            net.delete();
        }
    }

    @Test
    void rangesOutsideTheSubnetOrBackwardsAreRefusedNamingTheRule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fx.builder().addressRange("10.245.4.10", "10.245.4.20").build());
        assertEquals("range start 10.245.4.10 is not in subnet 10.245.3.0/24", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> fx.builder().addressRange("10.245.3.20", "10.245.3.10").build());
        assertEquals("range start 10.245.3.20 is after range end 10.245.3.10 in subnet 10.245.3.0/24", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> fx.builder().addressRange("10.245.3.10", "10.245.3.255").build());
        assertTrue(e.getMessage().contains("broadcast address"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> fx.builder().gateway("10.9.0.1").build());
        assertEquals("gateway 10.9.0.1 is not in subnet 10.245.3.0/24", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> fx.builder().addressRange("fd00::2", "fd00::9").build());
        assertTrue(e.getMessage().contains("needs a subnet of that family"), e.getMessage());
    }
}
