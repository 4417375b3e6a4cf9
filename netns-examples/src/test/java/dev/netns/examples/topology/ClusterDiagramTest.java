package dev.netns.examples.topology;

import dev.netns.Cluster;
import dev.netns.IpPrefix;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cluster picture from a model alone: the underlay on top, a box per node, every fact of the model on it. */
class ClusterDiagramTest {

    static ClusterTopology threeNodes() {
        List<ClusterTopology.NodeView> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            List<String> routes = new ArrayList<>();
            for (int j = 0; j < 3; j++) {
                if (j != i) {
                    routes.add("10.244." + j + ".0/24 via 10.244." + j + ".0 dev vxlan.1");
                }
            }
            nodes.add(new ClusterTopology.NodeView("demo-node" + i, "node" + i,
                    iface("eth0", "172.18.0." + (i + 2) + "/16", null),
                    Optional.of(iface("vxlan.1", "10.244." + i + ".0/32", "0a:58:0a:f4:0" + i + ":00")),
                    iface("cni0", "10.244." + i + ".1/24", null), routes,
                    Map.of("pod" + i, IpPrefix.parse("10.244." + i + ".2/24"))));
        }
        return new ClusterTopology("demo", Cluster.Mode.VXLAN, IpPrefix.parse("10.244.0.0/16"), "demo-underlay",
                iface("br0", "172.18.0.1/16", null), nodes);
    }

    private static ClusterTopology.Interface iface(String name, String address, String mac) {
        return new ClusterTopology.Interface(name, IpPrefix.parse(address), Optional.ofNullable(mac));
    }

    @Test
    void everyFactIsDrawn() {
        String d = ClusterDiagram.render(threeNodes());
        System.out.print(d);
        assertTrue(d.startsWith("cluster demo: VXLAN overlay, pods 10.244.0.0/16\n"), d);
        for (String fact : List.of("underlay namespace demo-underlay", "bridge br0 172.18.0.1/16", "| node0", "| node2",
                "node demo-node1", "eth0 172.18.0.3/16", "vxlan.1 10.244.2.0/32", "mac 0a:58:0a:f4:02:00",
                "cni0 10.244.1.1/24", "10.244.0.0/24 via 10.244.0.0", "pod1 10.244.1.2", "veth pair")) {
            assertTrue(d.contains(fact), fact + " missing from\n" + d);
        }
        for (String line : d.split("\n")) {
            assertEquals(line.stripTrailing(), line);
            assertTrue(line.chars().allMatch(ch -> ch >= 32 && ch < 127), line);
        }
        // each node box hangs off its bridge port: the port's column continues down into the box's top border
        String[] lines = d.split("\n");
        int portRow = 0;
        while (!lines[portRow].contains("| node0")) {
            portRow++;
        }
        int col = lines[portRow].indexOf("| node1");
        for (int r = portRow; r < portRow + 5; r++) {
            assertEquals('|', lines[r].charAt(col), "row " + r + " of\n" + d);
        }
    }

    @Test
    void hostGwHasNoTunnel() {
        ClusterTopology t = threeNodes();
        List<ClusterTopology.NodeView> plain = t.nodes().stream().map(n -> new ClusterTopology.NodeView(n.name(), n.port(),
                n.uplink(), Optional.empty(), n.bridge(), List.of(), n.pods())).toList();
        String d = ClusterDiagram.render(new ClusterTopology("gw", Cluster.Mode.HOST_GW, t.podCidr(), "gw-underlay", t.bridge(), plain));
        assertTrue(d.startsWith("cluster gw: host-gw routes"), d);
        assertTrue(!d.contains("vxlan") && !d.contains("routes:"), d);
    }

    @Test
    void dotGraphHasTheUnderlayEveryNodeAndTheTunnels() {
        String dot = ClusterDot.render(threeNodes());
        assertTrue(dot.startsWith("// netns cluster"), dot);
        assertTrue(dot.contains("subgraph cluster_underlay"), dot);
        assertEquals(3, dot.lines().filter(l -> l.contains("[style=dashed, label=\"veth pair\"]")).count(), dot);
        assertEquals(3, dot.lines().filter(l -> l.contains("[style=dotted, constraint=false]")).count(), "a tunnel per pair of nodes");
        assertTrue(dot.contains("label=\"vxlan.1\\n10.244.2.0/32\\n0a:58:0a:f4:02:00\""), dot);
        assertTrue(dot.contains("label=\"pod pod1\\n10.244.1.2/24\""), dot);
        assertEquals(dot.chars().filter(c -> c == '{').count(), dot.chars().filter(c -> c == '}').count());
    }
}
