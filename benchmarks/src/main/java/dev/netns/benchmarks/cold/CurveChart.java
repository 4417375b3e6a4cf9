package dev.netns.benchmarks.cold;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The lukewarm curves: one panel per operation, operation number on a log axis, duration on a log
 * axis, the SDK against C, Go and {@code ip} (where it ran the series). A point is the median of a
 * range of operations (each of the first ten, then tens up to 100, then fifties), so the JIT's
 * progress shows without the noise of single samples.
 */
final class CurveChart {
    private static final int PANEL_W = 460;
    private static final int PANEL_H = 260;
    private static final int MARGIN_L = 60;
    private static final int MARGIN_T = 40;
    private static final int MARGIN_B = 40;
    private static final Map<String, String> COLOURS = Map.of("SDK", "#1f77b4", "C", "#7f7f7f", "Go", "#2ca02c", "ip", "#ff7f0e");
    private static final Map<String, String> TITLES = Map.of("ns", "named namespace create", "veth", "veth create, peer elsewhere",
            "pod", "addPod", "run", "run(() -> {}) / setns pair / netns.Set pair");

    private CurveChart() {
    }

    static String render(Map<String, Map<String, double[]>> series, List<String> order) {
        int cols = 2;
        int rows = (order.size() + cols - 1) / cols;
        int w = cols * (PANEL_W + MARGIN_L + 20);
        int h = rows * (PANEL_H + MARGIN_T + MARGIN_B) + 30;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n", w, h));
        svg.append("<text x=\"10\" y=\"18\" font-size=\"14\">The first operations of a fresh process: SDK (blue), C (grey), "
                + "Go (green), ip (orange), median per range, log scales</text>\n");
        for (int i = 0; i < order.size(); i++) {
            Map<String, double[]> impls = series.get(order.get(i));
            if (impls != null) {
                int x0 = (i % cols) * (PANEL_W + MARGIN_L + 20) + MARGIN_L;
                int y0 = 30 + (i / cols) * (PANEL_H + MARGIN_T + MARGIN_B) + MARGIN_T;
                panel(svg, TITLES.getOrDefault(order.get(i), order.get(i)), impls, x0, y0);
            }
        }
        return svg.append("</svg>\n").toString();
    }

    private static void panel(StringBuilder svg, String title, Map<String, double[]> impls, int x0, int y0) {
        int n = 1;
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (double[] v : impls.values()) {
            n = Math.max(n, v.length);
            for (double d : v) {
                if (d > 0) {
                    lo = Math.min(lo, d);
                    hi = Math.max(hi, d);
                }
            }
        }
        int yLo = (int) Math.floor(Math.log10(lo));
        int yHi = (int) Math.ceil(Math.log10(hi));
        if (yHi == yLo) {
            yHi++;
        }
        double xMax = Math.log10(n);
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"13\">%s</text>%n", x0, y0 - 10, escape(title)));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#ccc\"/>%n",
                x0, y0, PANEL_W, PANEL_H));
        for (int e = yLo; e <= yHi; e++) {
            double y = y0 + PANEL_H - (e - yLo) * PANEL_H / (double) (yHi - yLo);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", x0, x0 + PANEL_W, y, y, x0 - 4, y + 4, label(e)));
        }
        for (int e = 0; e <= (int) Math.floor(xMax); e++) {
            double x = x0 + (xMax == 0 ? 0 : e / xMax * PANEL_W);
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">#%d</text>%n", x, y0 + PANEL_H + 14,
                    (int) Math.pow(10, e)));
        }
        int legend = 0;
        for (Map.Entry<String, double[]> impl : impls.entrySet()) {
            String colour = COLOURS.getOrDefault(impl.getKey(), "#d62728");
            StringBuilder points = new StringBuilder();
            for (int[] r : ranges(impl.getValue().length)) {
                double m = ColdReport.median(ColdReport.range(impl.getValue(), r[0], r[1]));
                double centre = Math.sqrt((r[0] + 1.0) * r[1]);
                double x = x0 + (xMax == 0 ? 0 : Math.log10(centre) / xMax * PANEL_W);
                double y = y0 + PANEL_H - (Math.log10(m) - yLo) * PANEL_H / (yHi - yLo);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n",
                    colour, points.toString().trim()));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n", x0 + PANEL_W - 60, y0 + 14 + 14 * legend++,
                    colour, escape(impl.getKey())));
        }
    }

    /** [from, to) ranges of operation indexes: 1..10 singly, then tens to 100, then fifties. */
    static List<int[]> ranges(int n) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < Math.min(10, n); i++) {
            out.add(new int[] {i, i + 1});
        }
        for (int i = 10; i < Math.min(100, n); i += 10) {
            out.add(new int[] {i, Math.min(i + 10, n)});
        }
        for (int i = 100; i < n; i += 50) {
            out.add(new int[] {i, Math.min(i + 50, n)});
        }
        return out;
    }

    private static String label(int exponent) {
        double us = Math.pow(10, exponent);
        return us >= 1_000_000 ? (long) (us / 1_000_000) + " s" : us >= 1_000 ? (long) (us / 1_000) + " ms"
                : us >= 1 ? (long) us + " µs" : (long) (us * 1_000) + " ns";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
