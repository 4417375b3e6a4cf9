package dev.netns;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cluster builder's defaults, address arithmetic and the rules it names when refusing. */
class ClusterSpecTest {

    @Test
    void defaults() {
        Cluster.Spec s = Cluster.builder().build();
        assertEquals(3, s.nodes());
        assertEquals(IpPrefix.parse("10.244.0.0/16"), s.podCidr());
        assertEquals(24, s.nodeSubnetLength());
        assertEquals(IpPrefix.parse("172.18.0.0/16"), s.underlayCidr());
        assertEquals(Cluster.Mode.VXLAN, s.mode());
        assertEquals(1, s.vni());
        assertEquals(8472, s.udpPort());
        assertEquals(1500, s.mtu());
        assertEquals(1450, s.podMtu());
        assertEquals("cluster-node2", s.nodeName(2));
        assertEquals(256, s.maxNodes());
    }

    @Test
    void addressing() {
        Cluster.Spec s = Cluster.builder().podCidr("10.32.0.0/12").nodeSubnetLength(26)
                .underlayCidr("192.168.8.0/28").mode(Cluster.Mode.HOST_GW).mtu(9000).nodeNamePrefix("w").build();
        assertEquals(IpPrefix.parse("10.32.0.0/26"), s.podSubnet(0));
        assertEquals(IpPrefix.parse("10.32.1.64/26"), s.podSubnet(5));
        assertEquals(IpPrefix.parse("192.168.8.2/28"), s.underlayAddress(0));
        assertEquals(IpPrefix.parse("192.168.8.14/28"), s.underlayAddress(12));
        assertEquals(13, s.maxNodes());        // 16 addresses less network, bridge and broadcast
        assertEquals(9000, s.podMtu());        // host-gw adds no header
        assertEquals("w7", s.nodeName(7));
        assertThrows(IllegalArgumentException.class, () -> s.underlayAddress(13));
    }

    @Test
    void refusalsNameTheRule() {
        assertMessage("must not overlap", () -> Cluster.builder().underlayCidr("10.244.3.0/24").build());
        assertMessage("has host bits set", () -> Cluster.builder().podCidr("10.244.0.1/16"));
        assertMessage("IPv4 only", () -> Cluster.builder().podCidr("fd00::/48"));
        assertMessage("between the pod CIDR's (16) and 30", () -> Cluster.builder().nodeSubnetLength(12).build());
        assertMessage("have room for 4", () -> Cluster.builder().podCidr("10.0.0.0/22").nodes(5).build());
        assertMessage("0 or more", () -> Cluster.builder().nodes(-1));
        assertMessage("VNI must be", () -> Cluster.builder().vni(1 << 24).build());
        assertMessage("UDP port", () -> Cluster.builder().udpPort(0).build());
        assertMessage("less than IPv4's minimum", () -> Cluster.builder().mtu(100).build());
        assertMessage("too small", () -> Cluster.builder().underlayCidr("172.18.0.0/30").build());
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable e) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().contains(part), x.getMessage());
    }
}
