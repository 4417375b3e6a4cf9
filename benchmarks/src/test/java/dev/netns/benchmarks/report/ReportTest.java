package dev.netns.benchmarks.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTest {

    private static String fixture() throws IOException {
        try (InputStream in = ReportTest.class.getResourceAsStream("/sample-results.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void parsesJmhJsonIntoMicroseconds() throws IOException {
        List<Result> results = Result.parseAll(fixture());
        assertEquals(6, results.size());

        Result create = Result.find(results, "NamespaceBenchmark.namedCreate").orElseThrow();
        assertEquals(554.154, create.mean(), 1e-9);
        assertEquals(387.072, create.p50().orElseThrow(), 1e-9);
        assertEquals(4809.769, create.p99().orElseThrow(), 1e-9);
        assertEquals(35, create.samples(), "10 + 20 + 5 samples in the histogram");

        Result ip = Result.find(results, "IpBaselineBenchmark.ipNetnsAdd").orElseThrow();
        assertEquals(3100, ip.p50().orElseThrow(), 1e-6, "ms/op converted to µs");
        assertTrue(Double.isNaN(ip.error()), "JMH's \"NaN\" string stays not-a-number");

        Result close = Result.find(results, "PodBenchmark.closeNetwork[pods=100]").orElseThrow();
        assertTrue(close.p50().isEmpty(), "average-time mode has no percentiles");
        assertEquals(120000, close.typical(), 1e-9, "the mean stands in for the median");
        assertEquals(2.4e6, Result.find(results, "PodBenchmark.removeOneByOne[pods=100]").orElseThrow().mean(), 1e-3);
    }

    @Test
    void tableHasOneRowPerMeasuredOperationWithReferenceAndGoal() throws IOException {
        String md = MarkdownTable.render(Result.parseAll(fixture()), "results/chart.svg");

        String createRow = row(md, "named namespace create");
        // SDK p50, mean, p99, ip p50, ip/SDK 3100/387, C reference, ratio 387/333, goal 10% missed
        assertTrue(createRow.contains("| 387 µs | 554 µs | 4.81 ms | 3.10 ms | 8.0× | 333 µs |"), createRow);
        assertTrue(createRow.contains("1.16×"), createRow);
        assertTrue(createRow.contains("**missed**"), createRow);
        assertFalse(md.contains("| veth create"), "operations that did not run have no row");
        assertTrue(md.contains("120 ms batched vs 2.40 s one by one, 20.0× faster (goal: at least 10×, met)"), md);
        assertTrue(md.contains("![SDK vs ip vs reference, log scale](results/chart.svg)"));
        assertTrue(md.contains("| PodBenchmark.closeNetwork | pods=100 | 120 ms |"), md);
        assertTrue(md.contains("Scaling, named namespace create with N named namespaces present (p50): "
                + "N=10 → 360 µs, N=1000 → 800 µs; largest N / smallest N = 2.22×."), "numeric order, not file order: " + md);
    }

    @Test
    void chartHasABarPerValueOnALogAxis() throws IOException {
        String svg = SvgChart.render(Result.parseAll(fixture()));
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        // named create: SDK, ip, C; the two pod rows: SDK only
        assertEquals(5, count(svg, "<rect class=\"bar\""));
        assertEquals(1, count(svg, "<title>C reference: 333 µs</title>"));
        assertTrue(svg.contains(">100 µs</text>") && svg.contains(">1 s</text>"), "decade grid labels");
        // log scale: the bar of 3.1 ms is longer than the one of 387 µs by log10(3100/387) decades, not 8 times
        double decade = gridX(svg, "1 ms") - gridX(svg, "100 µs");
        double sdk = width(svg, "SDK \\(p50\\): 387 µs");
        double ip = width(svg, "ip commands \\(p50\\): 3.10 ms");
        assertEquals(Math.log10(3100 / 387.072), (ip - sdk) / decade, 0.01, sdk + " vs " + ip);
    }

    @Test
    void rewritesOnlyTheGeneratedSection(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("results.json");
        Files.writeString(json, fixture());
        Path readme = dir.resolve("README.md");
        Files.writeString(readme, "# Benchmarks\n\nintro\n\n" + Report.BEGIN + "\nold table\n" + Report.END + "\n\n## Why\nkept\n");

        Report.write(json, readme, dir.resolve("results/chart.svg"));

        String after = Files.readString(readme);
        assertTrue(after.startsWith("# Benchmarks\n\nintro\n\n" + Report.BEGIN
                + "\nRun: JMH 1.37, JDK 25.0.3, 1 fork, 2 × 1 s warm-up, 5 × 2 s measured; "), after);
        assertTrue(after.contains(" CPUs.\n\n### SDK vs `ip`"), after);
        assertTrue(after.endsWith(Report.END + "\n\n## Why\nkept\n"), after);
        assertFalse(after.contains("old table"));
        assertTrue(Files.readString(dir.resolve("results/chart.svg")).contains("</svg>"));
    }

    @Test
    void parametersAreListedByNameInEveryJvm() {
        // Map.copyOf's iteration order is salted per JVM: five names came out sorted once in 120 JVMs
        Result r = new Result("B.x", java.util.Map.of("nodes", "3", "mode", "VXLAN", "b", "1", "z", "2", "c", "4"), "sample",
                1, 0, java.util.OptionalDouble.empty(), java.util.OptionalDouble.empty(), java.util.OptionalDouble.empty(), 1);
        assertEquals(List.of("b", "c", "mode", "nodes", "z"), List.copyOf(r.params().keySet()));
        assertEquals("B.x[b=1,c=4,mode=VXLAN,nodes=3,z=2]", r.key());
    }

    @Test
    void malformedJsonNamesTheOffset() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Result.parseAll("[{\"a\": 1,}]"));
        assertTrue(e.getMessage().startsWith("JSON: ") && e.getMessage().endsWith(" at offset 9"), e.getMessage());
        assertTrue(e.getMessage().contains("field name"), e.getMessage());    // Jackson's words: a member name was due
        e = assertThrows(IllegalArgumentException.class, () -> Result.parseAll("[] 2"));
        assertEquals("JSON: text after the value at offset 3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Result.parseAll("[{\"a\": 1, \"a\": 2}]"));
        assertTrue(e.getMessage().contains("Duplicate field 'a'"), e.getMessage()); // JMH never repeats a key: refused
        assertThrows(IllegalArgumentException.class, () -> Result.parseAll("{}"));
    }

    private static String row(String md, String operation) {
        return md.lines().filter(l -> l.startsWith("| " + operation + " |")).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + operation + " in\n" + md));
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static double gridX(String svg, String label) {
        Matcher m = Pattern.compile("<text x=\"([0-9.]+)\" y=\"\\d+\" text-anchor=\"middle\" fill=\"#555\">" + label + "</text>")
                .matcher(svg);
        assertTrue(m.find(), "no grid label " + label);
        return Double.parseDouble(m.group(1));
    }

    private static double width(String svg, String titleRegex) {
        Matcher m = Pattern.compile("width=\"([0-9.]+)\" height=\"\\d+\" fill=\"[^\"]+\"><title>" + titleRegex + "</title>")
                .matcher(svg);
        assertTrue(m.find(), "no bar " + titleRegex);
        return Double.parseDouble(m.group(1));
    }
}
