package dev.netns.linux.cluster;

import dev.netns.linux.testing.KernelTest;
import dev.netns.Cluster;
import dev.netns.ClusterNode;
import dev.netns.NetworkNamespaces;
import dev.netns.Pod;
import dev.netns.witness.Ip;
import dev.netns.linux.testing.TestNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clusters against the real kernel: pods on different nodes exchange megabytes over TCP both ways
 * in both modes; iproute2 witnesses the vxlan devices, forwarding and neighbour entries, routes and
 * the underlay; nodes come and go at run time; nothing is left after close.
 */
@KernelTest
class ClusterTest {
    private static final int MEGABYTES = 2 << 20;
    private final List<Cluster> clusters = new ArrayList<>();
    private List<String> machineLinks;

    @BeforeEach
    void recordMachineLinks() {
        machineLinks = machineLinkNames();
    }

    @AfterEach
    void closeAndCheckNothingLeft() throws Exception {
        for (Cluster c : clusters) {
            String name = c.spec().name();
            c.close();
            assertTrue(c.isClosed());
            assertTrue(NetworkNamespaces.list().stream().noneMatch(n -> n.startsWith(name)),
                    "namespaces left after close: " + NetworkNamespaces.list());
            assertTrue(Ip.netnsList().stream().noneMatch(n -> n.startsWith(name)));
        }
        assertEquals(machineLinks, machineLinkNames(), "the machine's own links changed");
    }

    private static List<String> machineLinkNames() {
        return Ip.json("ip", "-j", "link", "show").stream().map(l -> (String) l.get("ifname")).sorted().toList();
    }

    private Cluster cluster(Cluster.Builder builder) throws Exception {
        Cluster c = builder.name(TestNames.OWNER.uniqueName("cl")).create();
        clusters.add(c);
        return c;
    }

    @Test
    void vxlanPodsTalkAcrossNodesBothWays() throws Exception {
        Cluster cluster = cluster(Cluster.builder().nodes(3).podCidr("10.244.0.0/16").mode(Cluster.Mode.VXLAN));
        Pod a = cluster.node(0).addPod("a");
        Pod b = cluster.node(2).addPod("b");
        assertEquals("10.244.0.2", a.address().getHostAddress());
        assertEquals("10.244.2.2", b.address().getHostAddress());
        TcpEcho.exchange(a, b, MEGABYTES);
        TcpEcho.exchange(b, a, MEGABYTES);

        ClusterNode n0 = cluster.node(0);
        assertEquals("172.18.0.2", n0.underlayAddress().getHostAddress());
        Map<String, Object> vx = IpJson.link(n0.name(), "vxlan.1");
        Map<String, Object> data = IpJson.infoData(vx);
        assertEquals("vxlan", ((Map<?, ?>) vx.get("linkinfo")).get("info_kind"));
        assertEquals(1L, data.get("id"));
        assertEquals(8472L, data.get("port"));
        assertEquals(Boolean.FALSE, data.get("learning"));
        assertEquals("172.18.0.2", data.get("local"));
        assertEquals("eth0", data.get("link"));
        assertEquals(1450L, vx.get("mtu"));
        assertEquals("0a:58:0a:f4:00:00", vx.get("address"));
        // the pods get the underlay MTU less VXLAN's 50 bytes
        assertEquals(1450L, IpJson.link(a.namespace().name().orElseThrow(), "eth0").get("mtu"));
        assertEquals(1500L, IpJson.link(n0.name(), "eth0").get("mtu"));

        for (int peer : new int[] {1, 2}) {
            String mac = "0a:58:0a:f4:0" + peer + ":00";
            Map<String, Object> fdb = IpJson.fdb(n0.name(), "vxlan.1").stream().filter(e -> mac.equals(e.get("mac")))
                    .findFirst().orElseThrow();
            assertEquals("172.18.0." + (peer + 2), fdb.get("dst"));
            assertEquals("permanent", fdb.get("state"));
            Map<String, Object> neigh = IpJson.neighbors(n0.name(), "vxlan.1").stream()
                    .filter(e -> ("10.244." + peer + ".0").equals(e.get("dst"))).findFirst().orElseThrow();
            assertEquals(mac, neigh.get("lladdr"));
            assertEquals(List.of("PERMANENT"), neigh.get("state"));
            Map<String, Object> route = route(n0.name(), "10.244." + peer + ".0/24");
            assertEquals("10.244." + peer + ".0", route.get("gateway"));
            assertEquals("vxlan.1", route.get("dev"));
            assertEquals(List.of("onlink"), route.get("flags"));
        }
        // the underlay: one bridge, every node's eth0 plugged into it
        String underlay = cluster.underlay().name().orElseThrow();
        List<String> ports = IpJson.links(underlay).stream().filter(l -> "br0".equals(l.get("master")))
                .map(l -> (String) l.get("ifname")).sorted().toList();
        assertEquals(List.of("node0", "node1", "node2"), ports);
    }

    @Test
    void hostGwPodsTalkAcrossNodesBothWays() throws Exception {
        Cluster cluster = cluster(Cluster.builder().nodes(3).mode(Cluster.Mode.HOST_GW)
                .podCidr("10.32.0.0/16").underlayCidr("192.168.50.0/24"));
        Pod a = cluster.node(1).addPod("a");
        Pod b = cluster.node(2).addPod("b");
        TcpEcho.exchange(a, b, MEGABYTES);
        TcpEcho.exchange(b, a, MEGABYTES);

        ClusterNode n1 = cluster.node(1);
        assertEquals("192.168.50.3", n1.underlayAddress().getHostAddress());
        Map<String, Object> toN0 = route(n1.name(), "10.32.0.0/24");
        assertEquals("192.168.50.2", toN0.get("gateway"));
        assertEquals("eth0", toN0.get("dev"));
        assertEquals("192.168.50.4", route(n1.name(), "10.32.2.0/24").get("gateway"));
        assertTrue(IpJson.links(n1.name()).stream().noneMatch(l -> "vxlan.1".equals(l.get("ifname"))));
        assertEquals(1500L, IpJson.link(a.namespace().name().orElseThrow(), "eth0").get("mtu"));
    }

    @Test
    void nodesAddedAndRemovedAtRunTime() throws Exception {
        Cluster cluster = cluster(Cluster.builder().nodes(2).mode(Cluster.Mode.VXLAN));
        Pod a = cluster.node(0).addPod("a");
        ClusterNode late = cluster.addNode();
        assertEquals(2, late.index());
        Pod c = late.addPod("c");
        TcpEcho.exchange(a, c, MEGABYTES);
        TcpEcho.exchange(c, a, MEGABYTES);

        ClusterNode gone = cluster.node(1);
        gone.addPod("b");
        String goneName = gone.name();
        cluster.removeNode(1);
        assertThrows(NoSuchElementException.class, () -> cluster.node(1));
        assertEquals(List.of(0, 2), cluster.nodes().stream().map(ClusterNode::index).toList());
        assertFalse(Ip.netnsList().contains(goneName));
        assertFalse(Ip.netnsList().contains(goneName + "-b"));
        for (ClusterNode n : cluster.nodes()) {
            assertTrue(IpJson.routes(n.name()).stream().noneMatch(r -> "10.244.1.0/24".equals(r.get("dst"))), n.name());
            assertTrue(IpJson.neighbors(n.name(), "vxlan.1").stream().noneMatch(e -> "10.244.1.0".equals(e.get("dst"))));
            assertTrue(IpJson.fdb(n.name(), "vxlan.1").stream().noneMatch(e -> "0a:58:0a:f4:01:00".equals(e.get("mac"))));
        }
        String underlay = cluster.underlay().name().orElseThrow();
        assertTrue(IpJson.links(underlay).stream().noneMatch(l -> "node1".equals(l.get("ifname"))));
        TcpEcho.exchange(a, c, 64 << 10);   // the others still talk

        ClusterNode again = cluster.addNode();   // the freed index and subnet are reused
        assertEquals(1, again.index());
        assertEquals("10.244.1.0/24", again.podSubnet().toString());
        TcpEcho.exchange(again.addPod("d"), a, 64 << 10);
    }

    @Test
    void closeIsIdempotentAndLaterCallsFail() throws Exception {
        Cluster cluster = cluster(Cluster.builder().nodes(1).mode(Cluster.Mode.HOST_GW));
        cluster.node(0).addPod("p");
        cluster.close();
        cluster.close();
        assertThrows(IllegalStateException.class, () -> cluster.node(0));
        assertThrows(IllegalStateException.class, cluster::addNode);
    }

    @Test
    void nameTakenLeavesNothingBehind() throws Exception {
        String name = TestNames.OWNER.uniqueName("cl");
        try (var squatter = NetworkNamespaces.create(name + "-node1")) {
            assertThrows(dev.netns.NamespaceAlreadyExistsException.class,
                    () -> Cluster.builder().name(name).nodes(2).create());
            assertEquals(List.of(name + "-node1"),
                    Ip.netnsList().stream().filter(n -> n.startsWith(name)).toList());
            squatter.delete();
        }
    }

    @Test
    void aFailedAddNodeLeavesNothingAndTheClusterWorks() throws Exception {
        Cluster cluster = cluster(Cluster.builder().nodes(2).mode(Cluster.Mode.VXLAN));
        String name = cluster.spec().name();
        List<String> before = Ip.netnsList().stream().filter(n -> n.startsWith(name)).sorted().toList();
        // names only: a bridge's operstate moves from UNKNOWN to UP by itself, up to a second after its first port
        List<Object> underlayLinks = IpJson.links(name + "-underlay").stream().map(l -> l.get("ifname")).toList();
        try (var squatter = NetworkNamespaces.create(name + "-node2")) {
            assertThrows(dev.netns.NamespaceAlreadyExistsException.class, cluster::addNode);
            squatter.delete();
        }
        assertEquals(before, Ip.netnsList().stream().filter(n -> n.startsWith(name)).sorted().toList());
        assertEquals(underlayLinks, IpJson.links(name + "-underlay").stream().map(l -> l.get("ifname")).toList());
        assertEquals(List.of(0, 1), cluster.nodes().stream().map(ClusterNode::index).toList());
        ClusterNode third = cluster.addNode();
        assertEquals(2, third.index());
        TcpEcho.exchange(cluster.node(0).addPod("a"), third.addPod("c"), 64 << 10);
    }

    private static Map<String, Object> route(String ns, String dst) {
        return IpJson.routes(ns).stream().filter(r -> dst.equals(r.get("dst"))).findFirst()
                .orElseThrow(() -> new AssertionError("no route to " + dst + " in " + ns + ": " + IpJson.routes(ns)));
    }
}
