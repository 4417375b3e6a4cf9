package dev.netns.examples.topology;

import dev.netns.Cluster;
import dev.netns.IpPrefix;

import java.util.Map;

import static dev.netns.examples.topology.DotGraph.quote;

/**
 * Writes a {@link ClusterTopology} as a Graphviz DOT graph: the underlay namespace with its bridge
 * and ports on top, one cluster per node (uplink, tunnel, pod bridge, pods), the veth pairs from
 * the ports to the nodes' {@code eth0} as dashed edges, and the overlay's tunnels between the
 * nodes' vxlan devices as dotted ones. Render it with {@code dot -Tsvg cluster.dot -o cluster.svg}.
 */
public final class ClusterDot {
    private ClusterDot() {
    }

    /** The graph as DOT source. */
    public static String render(ClusterTopology t) {
        StringBuilder sb = new StringBuilder();
        sb.append("// netns cluster; render with: dot -Tsvg cluster.dot -o cluster.svg\n");
        sb.append("graph cluster {\n");
        sb.append("  graph [rankdir=TB, fontname=\"Helvetica\", labeljust=l, label=")
                .append(quote("cluster " + t.name() + ", " + (t.mode() == Cluster.Mode.VXLAN ? "VXLAN overlay" : "host-gw routes")
                        + ", pods " + t.podCidr())).append("];\n");
        sb.append("  node [shape=box, style=\"rounded,filled\", fillcolor=white, fontname=\"Helvetica\"];\n\n");
        sb.append("  subgraph cluster_underlay {\n");
        sb.append("    label=").append(quote("underlay namespace " + t.underlay())).append(";\n");
        sb.append("    style=filled; fillcolor=\"#f3f3f3\";\n");
        sb.append("    underlay [label=").append(quote(t.bridge().name() + " (bridge)\n" + t.bridge().address()))
                .append(", fillcolor=\"#e0e0e0\"];\n");
        for (int i = 0; i < t.nodes().size(); i++) {
            sb.append("    port").append(i).append(" [label=").append(quote(t.nodes().get(i).port())).append("];\n");
            sb.append("    underlay -- port").append(i).append(";\n");
        }
        sb.append("  }\n");
        for (int i = 0; i < t.nodes().size(); i++) {
            ClusterTopology.NodeView n = t.nodes().get(i);
            sb.append("\n  subgraph cluster_node").append(i).append(" {\n");
            sb.append("    label=").append(quote("node " + n.name())).append(";\n");
            sb.append("    style=filled; fillcolor=\"#eef3fb\";\n");
            sb.append("    eth").append(i).append(" [label=").append(quote(n.uplink().name() + "\n" + n.uplink().address())).append("];\n");
            if (n.tunnel().isPresent()) {
                ClusterTopology.Interface tunnel = n.tunnel().get();
                sb.append("    vx").append(i).append(" [label=")
                        .append(quote(tunnel.name() + "\n" + tunnel.address() + tunnel.mac().map(m -> "\n" + m).orElse("")))
                        .append(", fillcolor=\"#fbe9d7\"];\n");
            }
            sb.append("    br").append(i).append(" [label=").append(quote(n.bridge().name() + " (bridge)\n" + n.bridge().address()))
                    .append(", fillcolor=\"#d7e6fb\"];\n");
            int j = 0;
            for (Map.Entry<String, IpPrefix> pod : n.pods().entrySet()) {
                sb.append("    pod").append(i).append('_').append(j).append(" [label=")
                        .append(quote("pod " + pod.getKey() + "\n" + pod.getValue())).append(", fillcolor=\"#eef8ee\"];\n");
                sb.append("    br").append(i).append(" -- pod").append(i).append('_').append(j).append(";\n");
                j++;
            }
            sb.append("  }\n");
            sb.append("  port").append(i).append(" -- eth").append(i).append(" [style=dashed, label=\"veth pair\"];\n");
        }
        if (t.mode() == Cluster.Mode.VXLAN) {
            for (int i = 0; i < t.nodes().size(); i++) {
                for (int k = i + 1; k < t.nodes().size(); k++) {
                    sb.append("  vx").append(i).append(" -- vx").append(k).append(" [style=dotted, constraint=false];\n");
                }
            }
        }
        sb.append("}\n");
        return sb.toString();
    }
}
