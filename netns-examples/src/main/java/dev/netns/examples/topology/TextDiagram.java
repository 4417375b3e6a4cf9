package dev.netns.examples.topology;

import java.util.ArrayList;
import java.util.List;

/**
 * Draws a {@link Topology} as plain ASCII for a terminal: the node namespace as a box holding the
 * bridge, one box per pod below it, and the veth pairs as the lines between them. Pods stand side
 * by side; each pod box is at most {@value #MAX_INNER} columns wide inside (longer text wraps), so
 * two pods fit an 80-column terminal.
 *
 * {@snippet :
 * System.out.print(TextDiagram.render(topology));
 * }
 */
public final class TextDiagram {
    static final int MAX_INNER = 32;
    private static final int GAP = 2;
    private static final int MARGIN = 2;

    private TextDiagram() {
    }

    /** The diagram, lines ending in {@code '\n'}, no trailing spaces, ASCII only. */
    public static String render(Topology t) {
        List<List<String>> podLines = t.pods().stream().map(TextDiagram::podLines).toList();
        int[] widths = podLines.stream().mapToInt(ls -> ls.stream().mapToInt(String::length).max().orElse(0) + 4).toArray();
        int[] xs = new int[widths.length];
        int x = MARGIN;
        for (int i = 0; i < widths.length; i++) {
            xs[i] = x;
            x += widths[i] + GAP;
        }
        int podsEnd = x - GAP;

        List<String> nodeLines = new ArrayList<>();
        nodeLines.add(t.nodePath().toString());
        nodeLines.add("bridge " + t.bridge() + "  gateway " + t.gateway() + "  (pods: " + t.subnet() + ")");
        int nodeWidth = Math.max(podsEnd + MARGIN - 1,
                Math.max(nodeLines.stream().mapToInt(String::length).max().orElse(0) + 6, ("node namespace " + t.nodeName()).length() + 8));

        int podHeight = podLines.stream().mapToInt(List::size).max().orElse(0) + 2;
        Canvas c = new Canvas();
        int row = 0;
        c.put(row++, 0, "the machine's own network is untouched: all of this lives in namespaces");
        row++;
        // node box: title, path, bridge, bus, host ends
        int top = row;
        c.box(top, 0, nodeWidth, 7, "node namespace " + t.nodeName());
        c.put(top + 1, 3, nodeLines.get(0));
        c.put(top + 2, 3, nodeLines.get(1));
        if (xs.length > 0) {
            int first = connector(xs[0]);
            int last = connector(xs[xs.length - 1]);
            c.put(top + 3, first, "-".repeat(last - first + 1));
            for (int i = 0; i < xs.length; i++) {
                int col = connector(xs[i]);
                c.put(top + 3, col, "+");
                c.put(top + 4, col, "|");
                c.put(top + 5, col, "| " + t.pods().get(i).hostInterface());
                c.put(top + 6, col, "|");
                c.put(top + 7, col, "|  veth pair");
            }
        }
        row = top + 8;
        for (int i = 0; i < xs.length; i++) {
            c.box(row, xs[i], widths[i], podHeight, null);
            c.put(row, connector(xs[i]), "|");
            List<String> lines = podLines.get(i);
            for (int j = 0; j < lines.size(); j++) {
                c.put(row + 1 + j, xs[i] + 2, lines.get(j));
            }
        }
        return c.toString();
    }

    /** The column where a pod's veth line meets its box. */
    private static int connector(int boxX) {
        return boxX + 4;
    }

    private static List<String> podLines(Topology.PodView p) {
        List<String> out = new ArrayList<>();
        out.add(p.interfaceName() + " " + p.address());
        out.add("pod " + p.name());
        wrap(out, "", "ns " + p.namespace());
        if (!p.containers().isEmpty()) {
            out.add("containers:");
            for (Topology.Container container : p.containers()) {
                out.add(" * " + container.name());
                wrap(out, "   ", container.detail());
            }
        }
        return out;
    }

    /** Appends {@code text} broken at spaces into lines of at most {@link #MAX_INNER} columns; a longer word is cut. */
    static void wrap(List<String> out, String indent, String text) {
        int width = MAX_INNER - indent.length();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            while (word.length() > width) {
                if (!line.isEmpty()) {
                    out.add(indent + line);
                    line.setLength(0);
                }
                int cut = breakPoint(word, width);
                out.add(indent + word.substring(0, cut));
                word = word.substring(cut);
            }
            if (!line.isEmpty() && line.length() + 1 + word.length() > width) {
                out.add(indent + line);
                line.setLength(0);
            }
            if (!line.isEmpty()) {
                line.append(' ');
            }
            line.append(word);
        }
        if (!line.isEmpty()) {
            out.add(indent + line);
        }
    }

    /** Where to cut a word longer than {@code width}: after the last '-', '/', '.' or ',' that fits, else at {@code width}. */
    private static int breakPoint(String word, int width) {
        for (int i = width; i > width / 2; i--) {
            char c = word.charAt(i - 1);
            if (c == '-' || c == '/' || c == '.' || c == ',') {
                return i;
            }
        }
        return width;
    }
}
