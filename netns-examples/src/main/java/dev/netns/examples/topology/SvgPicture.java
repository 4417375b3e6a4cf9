package dev.netns.examples.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws a {@link Topology} as a standalone SVG image, written by hand (no library): the node
 * namespace on top with its bridge and the host ends of the veths, the pods below with their
 * {@code eth0} and containers, and a dashed line per veth pair. Text is monospaced so the layout can
 * size boxes from character counts.
 *
 * {@snippet :
 * Files.writeString(dir.resolve("topology.svg"), SvgPicture.render(topology));
 * }
 */
public final class SvgPicture {
    private static final double CHAR = 7.8;   // advance of one 13px monospace character, generously rounded up
    private static final int LINE = 18;
    private static final int PAD = 14;
    private static final int GAP = 30;
    private static final int MARGIN = 20;

    private SvgPicture() {
    }

    /** The picture as an SVG 1.1 document. */
    public static String render(Topology t) {
        List<List<String>> podTexts = new ArrayList<>();
        List<Integer> podWidths = new ArrayList<>();
        for (Topology.PodView p : t.pods()) {
            List<String> lines = new ArrayList<>();
            lines.add("pod " + p.name());
            lines.add(p.namespacePath().toString());
            for (Topology.Container c : p.containers()) {
                lines.add(c.name() + ": " + c.detail());
            }
            podTexts.add(lines);
            podWidths.add(Math.max(220, textWidth(lines) + 2 * PAD));
        }
        int podsWidth = podWidths.stream().mapToInt(Integer::intValue).sum() + GAP * Math.max(0, podWidths.size() - 1);
        String nodeTitle = "node namespace " + t.nodeName() + "  (" + t.nodePath() + ")";
        String bridgeText = t.bridge() + " (bridge)  gateway " + t.gateway() + "  pods " + t.subnet();
        int nodeWidth = Math.max(podsWidth, Math.max(textWidth(List.of(nodeTitle)), textWidth(List.of(bridgeText)) + 2 * PAD) + 2 * PAD);
        int width = nodeWidth + 2 * MARGIN;

        int nodeY = MARGIN + 30;
        int bridgeY = nodeY + 36;
        int hostY = bridgeY + 70;
        int nodeHeight = hostY + 30 + PAD - nodeY;
        int podY = nodeY + nodeHeight + 60;
        int podHeight = podTexts.stream().mapToInt(List::size).max().orElse(0) * LINE + 60 + PAD;
        int height = podY + podHeight + MARGIN;

        Svg s = new Svg(width, height);
        s.text(MARGIN, MARGIN + 12, "netns pod network - the machine's own network is not touched", "title");
        s.rect(MARGIN, nodeY, nodeWidth, nodeHeight, "node");
        s.text(MARGIN + PAD, nodeY + 20, nodeTitle, "label");
        // the bridge spans the node box, so every host end hangs straight below it
        int bridgeWidth = nodeWidth - 2 * PAD;
        s.rect(MARGIN + PAD, bridgeY, bridgeWidth, 30, "bridge");
        s.text(MARGIN + 2 * PAD, bridgeY + 20, bridgeText, null);

        int x = MARGIN + (nodeWidth - podsWidth) / 2;
        for (int i = 0; i < t.pods().size(); i++) {
            Topology.PodView p = t.pods().get(i);
            int w = podWidths.get(i);
            int centre = x + w / 2;
            String host = p.hostInterface();
            int hostW = textWidth(List.of(host)) + 2 * PAD;
            s.line(centre, bridgeY + 30, centre, hostY, false);
            s.rect(centre - hostW / 2, hostY, hostW, 30, "port");
            s.text(centre - hostW / 2 + PAD, hostY + 20, host, null);

            String eth = p.interfaceName() + " " + p.address();
            int ethW = textWidth(List.of(eth)) + 2 * PAD;
            s.line(centre, hostY + 30, centre, podY + 14, true);
            s.text(centre + 6, (hostY + 30 + podY + 14) / 2 + 4, "veth pair", "small");
            s.rect(x, podY, w, podHeight, "pod");
            s.rect(centre - ethW / 2, podY + 14, ethW, 30, "port");
            s.text(centre - ethW / 2 + PAD, podY + 34, eth, null);
            List<String> lines = podTexts.get(i);
            for (int j = 0; j < lines.size(); j++) {
                s.text(x + PAD, podY + 44 + PAD + (j + 1) * LINE - 4, lines.get(j), j == 0 ? "label" : null);
            }
            x += w + GAP;
        }
        return s.finish();
    }

    private static int textWidth(List<String> lines) {
        return (int) Math.ceil(lines.stream().mapToInt(String::length).max().orElse(0) * CHAR);
    }

    /** Escapes text for XML character data and attribute values. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> sb.append(ch < 0x20 && ch != '\t' ? ' ' : ch);
            }
        }
        return sb.toString();
    }

    /** The few SVG elements the picture needs, with shared styles in one stylesheet. */
    private static final class Svg {
        private final StringBuilder sb = new StringBuilder();

        Svg(int width, int height) {
            sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            sb.append(String.format(Locale.ROOT,
                    "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" xml:space=\"preserve\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">%n",
                    width, height, width, height));
            sb.append("""
                      <style>
                        text { font-family: 'DejaVu Sans Mono', Menlo, Consolas, monospace; font-size: 13px; fill: #1b1f24; }
                        .title { font-size: 14px; font-weight: bold; }
                        .label { font-weight: bold; }
                        .small { font-size: 11px; fill: #57606a; }
                        .node { fill: #eef3fb; stroke: #4a6fa5; stroke-width: 1.5; }
                        .bridge { fill: #d7e6fb; stroke: #4a6fa5; }
                        .pod { fill: #eef8ee; stroke: #4a8a4a; stroke-width: 1.5; }
                        .port { fill: #ffffff; stroke: #6e7781; }
                        .wire { stroke: #4a6fa5; stroke-width: 2; }
                        .veth { stroke: #4a8a4a; stroke-width: 2; stroke-dasharray: 6 4; }
                      </style>
                    """);
            sb.append(String.format(Locale.ROOT, "  <rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", width, height));
        }

        void rect(int x, int y, int w, int h, String cls) {
            sb.append(String.format(Locale.ROOT, "  <rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"6\" class=\"%s\"/>%n",
                    x, y, w, h, cls));
        }

        void line(int x1, int y1, int x2, int y2, boolean veth) {
            sb.append(String.format(Locale.ROOT, "  <line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"%s\"/>%n",
                    x1, y1, x2, y2, veth ? "veth" : "wire"));
        }

        void text(int x, int y, String text, String cls) {
            sb.append(String.format(Locale.ROOT, "  <text x=\"%d\" y=\"%d\"%s>%s</text>%n",
                    x, y, cls == null ? "" : " class=\"" + cls + "\"", escape(text)));
        }

        String finish() {
            return sb.append("</svg>\n").toString();
        }
    }
}
