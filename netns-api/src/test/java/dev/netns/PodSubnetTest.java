package dev.netns;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** host-local's range semantics as builder options: defaults, overrides per family, refusals naming the rule. */
class PodSubnetTest {
    private static InetAddress a(String s) {
        return InetAddress.ofLiteral(s);
    }

    @Test
    void defaultsAreHostLocals() {
        PodSubnet v4 = PodSubnet.of(IpPrefix.parse("10.0.0.0/24"));
        assertEquals(new PodSubnet(IpPrefix.parse("10.0.0.0/24"), a("10.0.0.1"), a("10.0.0.1"), a("10.0.0.254")), v4);
        assertEquals("10.0.0.1/24", v4.gatewayPrefix().toString());
        PodSubnet v6 = PodSubnet.of(IpPrefix.parse("fd00::/126"));
        assertEquals(a("fd00::3"), v6.last(), "IPv6 has no broadcast address");
        assertTrue(v4.isHostAddress(a("10.0.0.254")));
        assertFalse(v4.isHostAddress(a("10.0.0.255")));
        assertFalse(v4.isHostAddress(a("10.0.0.0")));
    }

    @Test
    void builderOptionsApplyToTheSubnetOfTheirFamily() {
        PodNetwork.Spec spec = PodNetwork.builder().subnet("10.0.0.0/24").subnet("fd00::/64")
                .gateway("fd00::ff").addressRange("10.0.0.10", "10.0.0.20").gatewayOnBridge(false).defaultRoute(false).build();
        assertEquals(List.of(new PodSubnet(IpPrefix.parse("10.0.0.0/24"), a("10.0.0.1"), a("10.0.0.10"), a("10.0.0.20")),
                new PodSubnet(IpPrefix.parse("fd00::/64"), a("fd00::ff"), a("fd00::1"), a("fd00::ffff:ffff:ffff:ffff"))), spec.ranges());
        assertFalse(spec.gatewayOnBridge());
        assertFalse(spec.defaultRoutes());
        PodNetwork.Spec plain = PodNetwork.builder().subnet("10.0.0.0/24").build();
        assertTrue(plain.gatewayOnBridge() && plain.defaultRoutes());
        assertEquals(List.of(PodSubnet.of(IpPrefix.parse("10.0.0.0/24"))), plain.ranges());
    }

    @Test
    void refusalsNameTheRule() {
        IpPrefix s = IpPrefix.parse("10.0.0.0/24");
        assertEquals("range start 10.0.1.5 is not in subnet 10.0.0.0/24", assertThrows(IllegalArgumentException.class,
                () -> new PodSubnet(s, a("10.0.0.1"), a("10.0.1.5"), a("10.0.0.9"))).getMessage());
        assertEquals("range start 10.0.0.9 is after range end 10.0.0.5 in subnet 10.0.0.0/24", assertThrows(IllegalArgumentException.class,
                () -> new PodSubnet(s, a("10.0.0.1"), a("10.0.0.9"), a("10.0.0.5"))).getMessage());
        assertEquals("gateway 10.0.0.0 is the network address of subnet 10.0.0.0/24, not a host address",
                assertThrows(IllegalArgumentException.class, () -> new PodSubnet(s, a("10.0.0.0"), a("10.0.0.1"), a("10.0.0.9")))
                        .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PodSubnet(s, a("10.0.0.5"), a("10.0.0.5"), a("10.0.0.5")))
                .getMessage().contains("holds only the gateway"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PodNetwork.builder().addressRange("10.0.0.1", "fd00::1"))
                .getMessage().contains("mixes IPv4 and IPv6"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PodNetwork.builder().subnet("10.0.0.0/24").gateway("fd00::1")
                .build()).getMessage().contains("needs a subnet of that family"));
        assertThrows(IllegalArgumentException.class, () -> PodNetwork.builder().gateway("not-an-address"));
    }
}
