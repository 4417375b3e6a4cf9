package dev.netns.examples.topology;

import dev.netns.Cluster;
import dev.netns.IpPrefix;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Draws a {@link ClusterTopology} as plain ASCII: the underlay namespace as a box across the top
 * holding the bridge, one box per node below it side by side, and the veth pairs from the bridge's
 * ports to the nodes' {@code eth0} as the lines between. Each node box lists its uplink, its tunnel
 * (VXLAN), its pod bridge, its routes to the other nodes' pods and its pods; text wraps at
 * {@value TextDiagram#MAX_INNER} columns.
 *
 * {@snippet :
 * System.out.print(ClusterDiagram.render(ClusterTopology.of(cluster)));
 * }
 */
public final class ClusterDiagram {
    private static final int GAP = 2;
    private static final int MARGIN = 2;

    private ClusterDiagram() {
    }

    /** The diagram, lines ending in {@code '\n'}, no trailing spaces, ASCII only. */
    public static String render(ClusterTopology t) {
        List<List<String>> nodeLines = t.nodes().stream().map(n -> nodeLines(t, n)).toList();
        int[] widths = new int[nodeLines.size()];
        int[] xs = new int[nodeLines.size()];
        int x = MARGIN;
        for (int i = 0; i < widths.length; i++) {
            widths[i] = nodeLines.get(i).stream().mapToInt(String::length).max().orElse(0) + 4;
            xs[i] = x;
            x += widths[i] + GAP;
        }
        String bridgeLine = "bridge " + t.bridge().name() + " " + t.bridge().address() + "  (the machine room's switch)";
        String title = "underlay namespace " + t.underlay();
        int width = Math.max(x - GAP + MARGIN, Math.max(bridgeLine.length() + 6, title.length() + 8));

        Canvas c = new Canvas();
        c.put(0, 0, "cluster " + t.name() + ": " + (t.mode() == Cluster.Mode.VXLAN ? "VXLAN overlay" : "host-gw routes")
                + ", pods " + t.podCidr());
        int top = 2;
        c.box(top, 0, width, 5, title);
        c.put(top + 1, 3, bridgeLine);
        int nodesTop = top + 7;
        if (xs.length > 0) {
            int first = connector(xs[0]);
            int last = connector(xs[xs.length - 1]);
            c.put(top + 2, first, "-".repeat(last - first + 1));
            for (int i = 0; i < xs.length; i++) {
                int col = connector(xs[i]);
                c.put(top + 2, col, "+");
                c.put(top + 3, col, "| " + t.nodes().get(i).port());
                c.put(top + 4, col, "|");
                c.put(top + 5, col, i == 0 ? "|  veth pair" : "|");
                c.put(top + 6, col, "|");
            }
        }
        int height = nodeLines.stream().mapToInt(List::size).max().orElse(0) + 2;
        for (int i = 0; i < xs.length; i++) {
            c.box(nodesTop, xs[i], widths[i], height, null);
            c.put(nodesTop, connector(xs[i]), "|");
            List<String> lines = nodeLines.get(i);
            for (int j = 0; j < lines.size(); j++) {
                c.put(nodesTop + 1 + j, xs[i] + 2, lines.get(j));
            }
        }
        return c.toString();
    }

    /** The column where a node's veth line meets its box. */
    private static int connector(int boxX) {
        return boxX + 4;
    }

    private static List<String> nodeLines(ClusterTopology t, ClusterTopology.NodeView n) {
        List<String> out = new ArrayList<>();
        TextDiagram.wrap(out, "", "node " + n.name());
        out.add(n.uplink().name() + " " + n.uplink().address());
        n.tunnel().ifPresent(tunnel -> {
            out.add(tunnel.name() + " " + tunnel.address());
            tunnel.mac().ifPresent(m -> out.add("  mac " + m));
        });
        out.add(n.bridge().name() + " " + n.bridge().address());
        if (!n.routes().isEmpty()) {
            out.add("routes:");
            for (String r : n.routes()) {
                TextDiagram.wrap(out, "  ", r);
            }
        }
        if (!n.pods().isEmpty()) {
            out.add("pods:");
            for (Map.Entry<String, IpPrefix> p : n.pods().entrySet()) {
                TextDiagram.wrap(out, "  ", p.getKey() + " " + p.getValue().address().getHostAddress());
            }
        }
        return out;
    }
}
