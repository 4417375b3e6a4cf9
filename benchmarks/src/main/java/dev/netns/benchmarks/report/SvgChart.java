package dev.netns.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A horizontal bar chart on a logarithmic time axis: per operation of the {@link Comparison}
 * catalogue, the SDK's median, {@code ip}'s median, and the C, Go and {@code ip} reference figures.
 * A log scale, because the operations range from microseconds (setns) to seconds (100 pods).
 *
 * {@snippet :
 * Files.writeString(Path.of("results/chart.svg"), SvgChart.render(results));
 * }
 */
public final class SvgChart {
    /** One series: what it shows and its colour. */
    record Series(String label, String colour) {
    }

    static final Series SDK = new Series("SDK (p50)", "#1f77b4");
    static final Series IP = new Series("ip commands (p50)", "#ff7f0e");
    static final Series C = new Series("C reference", "#7f7f7f");
    static final Series GO = new Series("Go vishvananda reference", "#2ca02c");
    static final Series IP_REF = new Series("ip reference", "#f5c28f");
    private static final List<Series> ALL = List.of(SDK, IP, C, GO, IP_REF);

    private static final int WIDTH = 980;
    private static final int LABEL_WIDTH = 300;
    private static final int PLOT_WIDTH = 600;
    private static final int BAR = 11;
    private static final int GAP = 2;
    private static final int GROUP_GAP = 14;
    private static final int TOP = 56;

    /** A bar: its series and its value in µs. */
    record Bar(Series series, double micros) {
    }

    /** One operation's bars. */
    record Group(String label, List<Bar> bars) {
    }

    private SvgChart() {
    }

    /** The chart of every catalogue operation with at least one measured value. */
    public static String render(List<Result> results) {
        List<Group> groups = new ArrayList<>();
        for (Comparison c : Comparison.CATALOGUE) {
            Optional<Result> sdk = Result.find(results, c.sdk());
            Optional<Result> ip = c.ip() == null ? Optional.empty() : Result.find(results, c.ip());
            if (sdk.isEmpty() && ip.isEmpty()) {
                continue;
            }
            List<Bar> bars = new ArrayList<>();
            sdk.ifPresent(r -> bars.add(new Bar(SDK, r.typical())));
            ip.ifPresent(r -> bars.add(new Bar(IP, r.typical())));
            add(bars, C, c.c());
            add(bars, GO, c.go());
            add(bars, IP_REF, c.ipRef());
            groups.add(new Group(c.operation(), bars));
        }
        return draw(groups);
    }

    private static void add(List<Bar> bars, Series s, OptionalDouble v) {
        v.ifPresent(x -> bars.add(new Bar(s, x)));
    }

    static String draw(List<Group> groups) {
        double min = Double.MAX_VALUE;
        double max = 0;
        for (Group g : groups) {
            for (Bar b : g.bars()) {
                if (b.micros() > 0 && !Double.isNaN(b.micros())) {
                    min = Math.min(min, b.micros());
                    max = Math.max(max, b.micros());
                }
            }
        }
        if (max == 0) {
            min = 1;
            max = 10;
        }
        int lo = (int) Math.floor(Math.log10(min));
        int hi = Math.max(lo + 1, (int) Math.ceil(Math.log10(max)));
        int height = TOP + 30;
        for (Group g : groups) {
            height += g.bars().size() * (BAR + GAP) + GROUP_GAP;
        }

        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "font-family=\"sans-serif\" font-size=\"12\">\n", WIDTH, height, WIDTH, height));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append("<text x=\"10\" y=\"18\" font-size=\"14\" font-weight=\"bold\">netns SDK vs ip commands vs reference "
                + "(time per operation, log scale)</text>\n");
        int lx = 10;
        for (Series s : ALL) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"28\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"38\">%s</text>\n", lx, s.colour(), lx + 16, escape(s.label())));
            lx += 22 + s.label().length() * 7;
        }
        int plotBottom = height - 24;
        for (int d = lo; d <= hi; d++) {
            double x = x(Math.pow(10, d), lo, hi);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">%s</text>\n",
                    x, TOP - 6, x, plotBottom, x, plotBottom + 16, decade(d)));
        }
        int y = TOP;
        for (Group g : groups) {
            int groupHeight = g.bars().size() * (BAR + GAP);
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n",
                    LABEL_WIDTH - 8, y + groupHeight / 2 + 4, escape(g.label())));
            for (Bar b : g.bars()) {
                double w = Double.isNaN(b.micros()) ? 0 : x(b.micros(), lo, hi) - LABEL_WIDTH;
                svg.append(String.format(Locale.ROOT,
                        "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\">"
                                + "<title>%s: %s</title></rect>"
                                + "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" fill=\"#333\">%s</text>\n",
                        LABEL_WIDTH, y, Math.max(1, w), BAR, b.series().colour(),
                        escape(b.series().label()), Units.time(b.micros()),
                        LABEL_WIDTH + Math.max(1, w) + 4, y + BAR - 2, Units.time(b.micros())));
                y += BAR + GAP;
            }
            y += GROUP_GAP;
        }
        return svg.append("</svg>\n").toString();
    }

    /** An axis label: 1 µs, 10 µs, 100 µs, 1 ms, ... */
    static String decade(int exponent) {
        String[] units = {"ns", "µs", "ms", "s"};
        int unit = Math.floorDiv(exponent + 3, 3);
        if (unit < 0 || unit >= units.length) {
            return "1e" + exponent + " µs";
        }
        int digits = Math.floorMod(exponent, 3);
        return "1" + "0".repeat(digits) + " " + units[unit];
    }

    /** The x coordinate of a value on the log axis spanning 10^lo .. 10^hi µs. */
    private static double x(double micros, int lo, int hi) {
        double clamped = Math.max(micros, Math.pow(10, lo));
        return LABEL_WIDTH + PLOT_WIDTH * (Math.log10(clamped) - lo) / (hi - lo);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
