package dev.netns.examples.topology;

/**
 * Writes a {@link Topology} as a Graphviz DOT graph: one cluster for the node namespace (bridge and
 * host ends of the veths), one cluster per pod (its {@code eth0} and containers), and the veth
 * pairs as dashed edges between the clusters. Render it with {@code dot -Tpng topology.dot -o topology.png}.
 *
 * {@snippet :
 * Files.writeString(dir.resolve("topology.dot"), DotGraph.render(topology));
 * }
 */
public final class DotGraph {
    private DotGraph() {
    }

    /** The graph as DOT source. */
    public static String render(Topology t) {
        StringBuilder sb = new StringBuilder();
        sb.append("// netns pod network; render with: dot -Tsvg topology.dot -o topology-dot.svg\n");
        sb.append("graph netns {\n");
        sb.append("  graph [rankdir=TB, fontname=\"Helvetica\", labeljust=l];\n");
        sb.append("  node [shape=box, style=\"rounded,filled\", fillcolor=white, fontname=\"Helvetica\"];\n");
        sb.append("  edge [fontname=\"Helvetica\", fontsize=10];\n\n");
        sb.append("  subgraph cluster_node {\n");
        sb.append("    label=").append(quote("node namespace " + t.nodeName() + "\n" + t.nodePath())).append(";\n");
        sb.append("    style=filled; fillcolor=\"#eef3fb\";\n");
        sb.append("    bridge [label=").append(quote(t.bridge() + " (bridge)\ngateway " + t.gateway())).append(", fillcolor=\"#d7e6fb\"];\n");
        for (int i = 0; i < t.pods().size(); i++) {
            sb.append("    host").append(i).append(" [label=").append(quote(t.pods().get(i).hostInterface())).append("];\n");
        }
        sb.append("  }\n");
        for (int i = 0; i < t.pods().size(); i++) {
            Topology.PodView p = t.pods().get(i);
            sb.append("\n  subgraph cluster_pod").append(i).append(" {\n");
            sb.append("    label=").append(quote("pod " + p.name() + "\n" + p.namespacePath())).append(";\n");
            sb.append("    style=filled; fillcolor=\"#eef8ee\";\n");
            sb.append("    eth").append(i).append(" [label=").append(quote(p.interfaceName() + "\n" + p.address())).append("];\n");
            for (int j = 0; j < p.containers().size(); j++) {
                Topology.Container c = p.containers().get(j);
                sb.append("    c").append(i).append('_').append(j).append(" [label=").append(quote(c.name() + "\n" + c.detail()))
                        .append(", shape=component, fillcolor=\"#fff7e0\"];\n");
                // containers share the pod's stack: draw them attached to eth0's namespace, not to a link
                sb.append("    eth").append(i).append(" -- c").append(i).append('_').append(j).append(" [style=dotted];\n");
            }
            sb.append("  }\n");
            sb.append("  bridge -- host").append(i).append(";\n");
            sb.append("  host").append(i).append(" -- eth").append(i).append(" [style=dashed, label=\"veth pair\"];\n");
        }
        sb.append("}\n");
        return sb.toString();
    }

    /** A DOT double-quoted string; newlines become DOT's centred line breaks. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> sb.append(ch);
            }
        }
        return sb.append('"').toString();
    }
}
