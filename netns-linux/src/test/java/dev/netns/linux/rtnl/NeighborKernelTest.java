package dev.netns.linux.rtnl;

import dev.netns.witness.Ip;
import dev.netns.IpPrefix;
import dev.netns.MacAddress;
import dev.netns.Neighbor;
import dev.netns.NetnsException;
import dev.netns.NoSuchLinkException;
import dev.netns.VethPair;
import dev.netns.Vxlan;
import dev.netns.linux.ns.LinuxNetworkNamespace;
import dev.netns.linux.testing.KernelTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.netns.linux.rtnl.KernelFixture.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Neighbour and forwarding entries against the real kernel, witnessed by {@code ip -j neigh} and {@code bridge -j fdb}. */
@KernelTest
class NeighborKernelTest {
    private static final MacAddress MAC = MacAddress.parse("02:00:00:00:0a:02");
    private final KernelFixture fixture = new KernelFixture();

    @AfterEach
    void cleanUp() {
        fixture.close();
    }

    private static List<Map<String, Object>> ipNeigh(LinuxNetworkNamespace ns) {
        return Ip.json("ip", "-j", "-n", name(ns), "neigh", "show");
    }

    private static List<Map<String, Object>> bridgeFdb(LinuxNetworkNamespace ns, String dev) {
        return Ip.json("bridge", "-j", "-n", name(ns), "fdb", "show", "dev", dev);
    }

    @Test
    void ipNeighborsAddReplaceListDelete() throws Exception {
        LinuxNetworkNamespace ns = fixture.namespace("neigh");
        VethPair.builder().name("n0").peerName("n1").up(true).create(ns);
        InetAddress v4 = IpPrefix.parseAddress("10.244.2.0");
        InetAddress v6 = IpPrefix.parseAddress("fd00::2");
        ns.neighbors().add("n0", v4, MAC);
        ns.neighbors().add("n0", v6, MAC);

        List<Map<String, Object>> seen = ipNeigh(ns);
        Map<String, Object> e4 = seen.stream().filter(e -> "10.244.2.0".equals(e.get("dst"))).findFirst().orElseThrow();
        assertEquals("n0", e4.get("dev"));
        assertEquals("02:00:00:00:0a:02", e4.get("lladdr"));
        assertEquals(List.of("PERMANENT"), e4.get("state"));
        assertTrue(seen.stream().anyMatch(e -> "fd00::2".equals(e.get("dst"))), seen.toString());

        int index = ns.links().get("n0").index();
        List<Neighbor> listed = ns.neighbors().list();
        Neighbor mine = listed.stream().filter(n -> n.address().orElseThrow().equals(v4)).findFirst().orElseThrow();
        assertEquals(Neighbor.Kind.IP, mine.kind());
        assertEquals(index, mine.linkIndex());
        assertEquals(MAC, mine.macAddress().orElseThrow());
        assertTrue(mine.isPermanent());

        NetnsException dup = assertThrows(NetnsException.class, () -> ns.neighbors().add("n0", v4, MAC));
        assertEquals("EEXIST", dup.errnoName());
        MacAddress other = MacAddress.parse("02:00:00:00:0b:02");
        ns.neighbors().replace("n0", v4, other);
        assertEquals("02:00:00:00:0b:02", ipNeigh(ns).stream().filter(e -> "10.244.2.0".equals(e.get("dst")))
                .findFirst().orElseThrow().get("lladdr"));

        ns.neighbors().delete("n0", v4);
        ns.neighbors().delete("n0", v6);
        assertTrue(ipNeigh(ns).stream().noneMatch(e -> "n0".equals(e.get("dev"))), ipNeigh(ns).toString());
        // the library lists every state, as "ip neigh show nud all" does (kernel-made NOARP entries included)
        assertTrue(ns.neighbors().list().stream().noneMatch(n -> n.linkIndex() == index && n.isPermanent()));
        assertThrows(NoSuchLinkException.class, () -> ns.neighbors().add("absent0", v4, MAC));
    }

    @Test
    void vxlanForwardingEntries() throws Exception {
        LinuxNetworkNamespace ns = fixture.namespace("fdb");
        VethPair.builder().name("u0").peerName("u1").up(true).create(ns);
        ns.addresses().add("u0", IpPrefix.parse("192.168.7.1/24"));
        Vxlan.builder().name("vx0").vni(1).dstPort(8472).device("u0").up(true).create(ns);
        InetAddress remoteA = IpPrefix.parseAddress("192.168.7.2");
        InetAddress remoteB = IpPrefix.parseAddress("192.168.7.3");
        MacAddress flood = MacAddress.parse("00:00:00:00:00:00");
        ns.neighbors().addForwarding("vx0", MAC, remoteA);
        ns.neighbors().addForwarding("vx0", flood, remoteA);
        ns.neighbors().addForwarding("vx0", flood, remoteB);   // append: the flood list takes a second remote

        Map<String, Object> unicast = bridgeFdb(ns, "vx0").stream()
                .filter(e -> "02:00:00:00:0a:02".equals(e.get("mac"))).findFirst().orElseThrow();
        assertEquals("192.168.7.2", unicast.get("dst"));
        assertEquals(List.of("self"), unicast.get("flags"));
        assertEquals("permanent", unicast.get("state"));
        assertEquals(List.of("192.168.7.2", "192.168.7.3"), floodRemotes(ns));

        int index = ns.links().get("vx0").index();
        Neighbor entry = ns.neighbors().forwardingEntries().stream()
                .filter(n -> n.linkIndex() == index && n.macAddress().equals(Optional.of(MAC))).findFirst().orElseThrow();
        assertEquals(Neighbor.Kind.FORWARDING, entry.kind());
        assertEquals(Optional.of(remoteA), entry.address());
        assertTrue((entry.flags() & Neighbor.NTF_SELF) != 0 && entry.isPermanent(), entry.toString());
        assertEquals(2, ns.neighbors().forwardingEntries().stream()
                .filter(n -> n.linkIndex() == index && n.macAddress().equals(Optional.of(flood))).count());

        ns.neighbors().deleteForwarding("vx0", flood, remoteA);
        assertEquals(List.of("192.168.7.3"), floodRemotes(ns));
        ns.neighbors().deleteForwarding("vx0", MAC, remoteA);
        assertFalse(bridgeFdb(ns, "vx0").stream().anyMatch(e -> "02:00:00:00:0a:02".equals(e.get("mac"))));
        NetnsException gone = assertThrows(NetnsException.class, () -> ns.neighbors().deleteForwarding("vx0", MAC, remoteA));
        assertEquals("ENOENT", gone.errnoName());
    }

    private static List<String> floodRemotes(LinuxNetworkNamespace ns) {
        return bridgeFdb(ns, "vx0").stream().filter(e -> "00:00:00:00:00:00".equals(e.get("mac")))
                .map(e -> (String) e.get("dst")).sorted().toList();
    }
}
