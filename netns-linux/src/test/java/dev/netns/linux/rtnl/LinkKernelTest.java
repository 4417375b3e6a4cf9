package dev.netns.linux.rtnl;

import dev.netns.Bridge;
import dev.netns.Link;
import dev.netns.MacAddress;
import dev.netns.Macvlan;
import dev.netns.NetnsException;
import dev.netns.NetnsPermissionException;
import dev.netns.NoSuchLinkException;
import dev.netns.VethPair;
import dev.netns.Vxlan;
import dev.netns.IpPrefix;
import dev.netns.linux.ns.LinuxNetworkNamespace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import dev.netns.linux.testing.KernelTest;

import static dev.netns.linux.rtnl.KernelFixture.flags;
import static dev.netns.linux.rtnl.KernelFixture.infoData;
import static dev.netns.linux.rtnl.KernelFixture.ipLink;
import static dev.netns.linux.rtnl.KernelFixture.ipLinks;
import static dev.netns.linux.rtnl.KernelFixture.linkInfo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every link kind and setter against the real kernel, inside fresh namespaces, witnessed by {@code ip -j -d}. */
@KernelTest
class LinkKernelTest {
    private final KernelFixture fixture = new KernelFixture();

    @AfterEach
    void cleanUp() {
        fixture.close();
    }

    @Test
    void vethPeerIsCreatedInItsNamespaceWithItsFinalName() throws Exception {
        LinuxNetworkNamespace host = fixture.namespace("host");
        LinuxNetworkNamespace pod = fixture.namespace("pod");
        VethPair pair = VethPair.builder().name("veth1").peerName("eth0").peerNamespace(pod)
                .mtu(1450).macAddress(MacAddress.parse("02:00:00:00:00:01"))
                .peerMacAddress(MacAddress.parse("02:00:00:00:00:02")).up(true).create(host);

        Map<String, Object> end = ipLink(host, "veth1");
        Map<String, Object> peer = ipLink(pod, "eth0");
        assertNotNull(end, "veth1 in host");
        assertNotNull(peer, "eth0 in pod");
        assertNull(ipLink(host, "eth0"), "peer not left in host");
        assertEquals("veth", linkInfo(end).get("info_kind"));
        assertEquals("veth", linkInfo(peer).get("info_kind"));
        assertEquals(1450L, end.get("mtu"));
        assertEquals(1450L, peer.get("mtu"));
        assertEquals("02:00:00:00:00:01", end.get("address"));
        assertEquals("02:00:00:00:00:02", peer.get("address"));
        assertTrue(flags(end).contains("UP"), "end up");
        assertTrue(flags(peer).contains("UP"), "peer up");
        assertEquals(((Number) peer.get("ifindex")).intValue(), pair.peer().index());
        assertEquals(((Number) end.get("ifindex")).intValue(), pair.end().index());

        Link link = host.links().get("veth1");
        assertEquals("veth", link.kind().orElseThrow());
        assertEquals(pair.peer().index(), link.linkIndex().orElseThrow(), "IFLA_LINK is the peer's index");
        assertTrue(link.linkNetnsId().isPresent(), "peer lives in another namespace");

        pair.delete();
        assertNull(ipLink(host, "veth1"));
        assertNull(ipLink(pod, "eth0"), "deleting one end removes both");
    }

    @Test
    void vethInOneNamespace() throws Exception {
        LinuxNetworkNamespace ns = fixture.namespace("one");
        VethPair pair = VethPair.builder().name("a0").peerName("b0").create(ns);
        assertNotNull(ipLink(ns, "a0"));
        assertNotNull(ipLink(ns, "b0"));
        assertFalse(flags(ipLink(ns, "a0")).contains("UP"), "down by default");
        assertEquals(ns.links().get("b0").index(), pair.peer().index());
    }

    @Test
    void bridgeVxlanMacvlan() throws Exception {
        LinuxNetworkNamespace ns = fixture.namespace("kinds");
        Link br = Bridge.builder().name("br0").mtu(1400).up(true).create(ns);
        assertEquals("bridge", br.kind().orElseThrow());
        Map<String, Object> ipBr = ipLink(ns, "br0");
        assertEquals("bridge", linkInfo(ipBr).get("info_kind"));
        assertEquals(1400L, ipBr.get("mtu"));
        assertTrue(flags(ipBr).contains("UP"));

        VethPair.builder().name("p0").peerName("p1").create(ns);
        Link mv = Macvlan.builder().name("mv0").parent("p0").mode(Macvlan.Mode.PRIVATE).create(ns);
        Map<String, Object> ipMv = ipLink(ns, "mv0");
        assertEquals("macvlan", linkInfo(ipMv).get("info_kind"));
        assertEquals("private", infoData(ipMv).get("mode"));
        assertEquals("p0", ipMv.get("link"));
        assertEquals("macvlan", mv.kind().orElseThrow());

        Link vx = Vxlan.builder().name("vx0").vni(4242).local(IpPrefix.parseAddress("10.9.0.1"))
                .remote(IpPrefix.parseAddress("10.9.0.2")).dstPort(4789).device("p1").create(ns);
        Map<String, Object> ipVx = ipLink(ns, "vx0");
        Map<String, Object> data = infoData(ipVx);
        assertEquals("vxlan", linkInfo(ipVx).get("info_kind"));
        assertEquals(4242L, data.get("id"));
        assertEquals("10.9.0.1", data.get("local"));
        assertEquals("10.9.0.2", data.get("remote"));
        assertEquals(4789L, data.get("port"));
        assertEquals("p1", data.get("link"));
        assertEquals("vxlan", vx.kind().orElseThrow());

        Link group = Vxlan.builder().name("vx6").vni(7).group(IpPrefix.parseAddress("ff05::100"))
                .device("p1").create(ns);
        Map<String, Object> vx6 = infoData(ipLink(ns, "vx6"));
        assertEquals("ff05::100", vx6.getOrDefault("group6", vx6.get("group")), vx6.toString());
        assertEquals("vx6", group.name());
    }

    @Test
    void promiscuousModeOnAndOff() throws Exception {
        LinuxNetworkNamespace ns = fixture.namespace("promisc");
        Bridge.builder().name("br0").create(ns);
        assertFalse(flags(ipLink(ns, "br0")).contains("PROMISC"));
        assertEquals(0L, ipLink(ns, "br0").get("promiscuity"));

        ns.links().setPromiscuous("br0", true);
        assertTrue(flags(ipLink(ns, "br0")).contains("PROMISC"), ipLink(ns, "br0").toString());
        assertEquals(1L, ipLink(ns, "br0").get("promiscuity"));
        ns.links().setPromiscuous("br0", true);   // a user request is a flag, not a counter: still 1
        assertEquals(1L, ipLink(ns, "br0").get("promiscuity"));

        ns.links().setPromiscuous("br0", false);
        assertFalse(flags(ipLink(ns, "br0")).contains("PROMISC"));
        assertEquals(0L, ipLink(ns, "br0").get("promiscuity"));
        assertThrows(NoSuchLinkException.class, () -> ns.links().setPromiscuous("nope0", true));
    }

    @Test
    void everySetter() throws Exception {
        LinuxNetworkNamespace ns = fixture.namespace("set");
        LinuxNetworkNamespace other = fixture.namespace("other");
        var links = ns.links();
        Bridge.builder().name("br0").create(ns);
        VethPair.builder().name("v0").peerName("v1").create(ns);

        links.setUp("v0");
        assertTrue(flags(ipLink(ns, "v0")).contains("UP"));
        assertTrue(links.get("v0").isUp());
        links.setDown("v0");
        assertFalse(flags(ipLink(ns, "v0")).contains("UP"));

        links.setMtu("v0", 1280);
        assertEquals(1280L, ipLink(ns, "v0").get("mtu"));
        assertEquals(1280, links.get("v0").mtu());

        MacAddress mac = MacAddress.parse("02:aa:bb:cc:dd:ee");
        links.setMacAddress("v0", mac);
        assertEquals("02:aa:bb:cc:dd:ee", ipLink(ns, "v0").get("address"));
        assertEquals(mac, links.get("v0").mac().orElseThrow());

        links.setMaster("v0", "br0");
        assertEquals("br0", ipLink(ns, "v0").get("master"));
        assertEquals(links.get("br0").index(), links.get("v0").masterIndex().orElseThrow());
        links.setNoMaster("v0");
        assertNull(ipLink(ns, "v0").get("master"));
        assertTrue(links.get("v0").masterIndex().isEmpty());

        links.rename("v0", "renamed0");
        assertNull(ipLink(ns, "v0"));
        assertNotNull(ipLink(ns, "renamed0"));

        links.moveTo("renamed0", other);
        assertNull(ipLink(ns, "renamed0"));
        assertNotNull(ipLink(other, "renamed0"), "moved, name kept");
        assertEquals("renamed0", other.links().get("renamed0").name());

        links.delete("v1");
        assertNull(ipLink(ns, "v1"));
        assertNull(ipLink(other, "renamed0"), "its peer went with it");
        assertTrue(links.find("v1").isEmpty());
    }

    @Test
    void unknownKindCarriesTheKernelMessage() throws Exception {
        // a kind no kernel module provides: "dummy", used before, exists on most distributions
        LinuxNetworkNamespace ns = fixture.namespace("nokind");
        NetnsException e = assertThrows(NetnsException.class, () -> ns.links().add("d0", "nt-nosuchkind"));
        assertTrue(e.kernelMessage().orElseThrow().contains("Unknown device type"), e.getMessage());
        assertTrue(e.getMessage().startsWith("RTM_NEWLINK d0: "), e.getMessage());
        assertNull(ipLink(ns, "d0"), "nothing left");
    }

    @Test
    void duplicateNameIsEexistAndLeavesNothingHalfMade() throws Exception {
        LinuxNetworkNamespace host = fixture.namespace("dup");
        LinuxNetworkNamespace pod = fixture.namespace("duppod");
        VethPair.builder().name("x0").peerName("eth0").peerNamespace(pod).create(host);
        NetnsException e = assertThrows(NetnsException.class,
                () -> VethPair.builder().name("x1").peerName("eth0").peerNamespace(pod).create(host));
        assertEquals("EEXIST", e.errnoName());
        assertTrue(e.getMessage().contains("File exists (EEXIST)"), e.getMessage());
        assertNull(ipLink(host, "x1"), "first end not left behind");
        NetnsException dup = assertThrows(NetnsException.class, () -> Bridge.builder().name("x0").create(host));
        assertEquals("EEXIST", dup.errnoName());
    }

    @Test
    void missingLinksAreNoSuchLink() throws Exception {
        LinuxNetworkNamespace ns = fixture.namespace("missing");
        var links = ns.links();
        assertThrows(NoSuchLinkException.class, () -> links.get("nope0"));
        assertThrows(NoSuchLinkException.class, () -> links.get(4242));
        assertThrows(NoSuchLinkException.class, () -> links.setUp("nope0"));
        assertThrows(NoSuchLinkException.class, () -> links.delete("nope0"));
        assertThrows(NoSuchLinkException.class, () -> links.setMaster("lo", "nope0"));
        assertThrows(NoSuchLinkException.class,
                () -> Macvlan.builder().name("m0").parent("nope0").create(ns));
        assertTrue(links.find("nope0").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> links.get("has space"));
        assertThrows(IllegalArgumentException.class, () -> links.setMtu("lo", 0));
    }

    @Test
    void listSeesWhatIpSees() throws Exception {
        LinuxNetworkNamespace ns = fixture.namespace("list");
        ns.links().setUp("lo");
        VethPair.builder().name("l0").peerName("l1").create(ns);
        List<Link> mine = ns.links().list();
        List<Map<String, Object>> theirs = ipLinks(ns);
        assertEquals(theirs.size(), mine.size());
        for (int i = 0; i < mine.size(); i++) {
            assertEquals(theirs.get(i).get("ifname"), mine.get(i).name());
            assertEquals(((Number) theirs.get(i).get("ifindex")).intValue(), mine.get(i).index());
            assertEquals(((Number) theirs.get(i).get("mtu")).intValue(), mine.get(i).mtu());
        }
        Link lo = ns.links().get("lo");
        assertTrue(lo.isUp());
        assertTrue((lo.flags() & Link.IFF_LOOPBACK) != 0);
        assertTrue(lo.kind().isEmpty());
    }

    @Test
    void permissionErrorNamesTheCapability() {
        NetnsException e = dev.netns.linux.ffi.Failures.of("RTM_NEWLINK", "x", 1, null, dev.netns.linux.ffi.Failures.Subject.LINK);
        assertInstanceOf(NetnsPermissionException.class, e);
        assertTrue(e.getMessage().contains("CAP_NET_ADMIN"), e.getMessage());
    }
}
