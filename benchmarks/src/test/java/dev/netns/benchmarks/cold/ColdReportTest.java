package dev.netns.benchmarks.cold;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cold/lukewarm report from small hand-made TSV files: medians, ratios, goals, the section markers. */
class ColdReportTest {

    private static List<String> cold() {
        return List.of("variant\tsample\tnamespace_us\tnetwork_us\tpod_us\tin_process_us\tprocess_us",
                "java -version\t0\t\t\t\t\t40000",
                "SDK\t0\t60000\t20000\t5000\t85000\t150000",
                "SDK\t1\t70000\t30000\t6000\t106000\t170000",
                "SDK\t2\t80000\t40000\t7000\t127000\t190000",
                "C\t0\t\t\t\t8000\t12000",
                "Go\t0\t\t\t\t10000\t16000",
                "ip\t0\t9000\t25000\t60000\t\t94000");
    }

    private static List<String> lukewarm() {
        List<String> l = new ArrayList<>(List.of("series\timpl\tindex\tus"));
        for (int i = 0; i < 200; i++) {
            l.add("ns\tC\t" + i + "\t100");
            l.add("ns\tGo\t" + i + "\t" + (i == 0 ? 600 : 150));
            l.add("ns\tSDK\t" + i + "\t" + (i == 0 ? 5000 : i < 100 ? 120 : 105));
        }
        for (int i = 0; i < 30; i++) {
            l.add("ns\tip\t" + i + "\t" + (i < 15 ? 9000 : 10000));
        }
        l.add("scale10\tC\t0\t1000");
        l.add("scale10\tGo\t0\t1200");
        l.add("scale10\tSDK\t0\t1500");
        l.add("scale1000\tC\t0\t3000");
        l.add("scale1000\tGo\t0\t3600");
        l.add("scale1000\tSDK\t0\t3300");
        l.add("scale10\tSDK, state directory\t0\t2000");
        l.add("scale1000\tSDK, state directory\t0\t5000");
        l.add("bulk\tC\t0\t200000");
        l.add("bulk\tGo\t0\t250000");
        l.add("bulk\tSDK, 4 threads\t0\t90000");
        return l;
    }

    @Test
    void mediansRatiosAndGoals() {
        String md = ColdReport.render(cold(), ColdReport.readSeries(lukewarm()), "results/lukewarm.svg", Map.of());
        assertTrue(md.contains("| SDK | 70.0 ms | 30.0 ms | 6.00 ms | 106 ms | 170 ms | ≤ 100 ms: **missed** |"), md);
        assertTrue(md.contains("| C | – | – | – | 8.00 ms | 12.0 ms |  |"), md);
        assertTrue(md.contains("| Go | – | – | – | 10.0 ms | 16.0 ms |  |"), md);
        assertTrue(md.contains("| `ip` | 9.00 ms | 25.0 ms | 60.0 ms | – | 94.0 ms |  |"), md);
        // #1-100: SDK median 120 against C 100 and Go 150; #101-last: 105 against 100 and 150; the goal is against C
        assertTrue(md.contains("| named namespace create | SDK | 5.00 ms | 120 µs | 120 µs | 105 µs | 120 µs | 1.20× | 0.80× | 1.05× | 0.70× "
                + "| ≤ 1.1× C: **missed** |"), md);
        assertTrue(md.contains("|  | Go | 600 µs | 150 µs | 150 µs | 150 µs | 150 µs | | | | |  |"), md);
        // ip: 30 operations, none past #100
        assertTrue(md.contains("|  | `ip` | 9.00 ms | 9.00 ms | 10.0 ms | – | 9.50 ms | | | | |  |"), md);
        assertTrue(md.contains("| 100 pods ready, SDK, 4 threads (median of 1 rounds; C and Go sequential) | 200 ms | 250 ms | 90.0 ms | 0.45× | 0.36× |"),
                md);
        assertTrue(md.contains("| addPod with 1000 pods present (median) | 3.00 ms | 3.60 ms | 3.30 ms | 1.10× | 0.92× |"), md);
        assertTrue(md.contains("Scale, 1000 pods present against 10: SDK 2.20×, C 3.00×, Go 3.00×"), md);
        assertTrue(md.contains("With a state directory (host-local's layout; every `addPod` reads each reservation): "
                + "2.00 ms with 10 pods present, 5.00 ms with 1000, 2.50× (medians)."), md);
        assertTrue(md.contains("](results/lukewarm.svg)"), md);
    }

    @Test
    void summaryPutsTheFourSideBySide() {
        String md = ColdReport.render(cold(), ColdReport.readSeries(lukewarm()), "results/lukewarm.svg", Map.of("ns", 98.5));
        assertTrue(md.indexOf("### Side by side") < md.indexOf("### Cold start"), md);
        assertTrue(md.contains("no warm-up and its series are shorter (30 namespaces)."), md);
        // whole processes: SDK median of 150/170/190 ms, C 12, Go 16, ip 94
        assertTrue(md.contains("| first pod, whole process | cold start | 170 ms | 12.0 ms | 16.0 ms | 94.0 ms | 14.17× | 10.63× |"), md);
        assertTrue(md.contains("| named namespace create | cold (#1) | 5.00 ms | 100 µs | 600 µs | 9.00 ms | 50.00× | 8.33× |"), md);
        assertTrue(md.contains("|  | lukewarm (#1–100) | 120 µs | 100 µs | 150 µs | 9.50 ms | 1.20× | 0.80× |"), md);
        assertTrue(md.contains("|  | warm (#101–last) | 105 µs | 100 µs | 150 µs | – | 1.05× | 0.70× |\n|  | warm, JMH p50 | 98.5 µs | | | | | |\n"), md);
    }

    @Test
    void replacesOnlyItsOwnSectionAndDrawsTheCurves(@TempDir Path dir) throws IOException {
        Path cold = Files.write(dir.resolve("cold.tsv"), cold());
        Path lukewarm = Files.write(dir.resolve("lukewarm.tsv"), lukewarm());
        Path readme = Files.writeString(dir.resolve("README.md"), "before\n" + ColdReport.BEGIN + "\nold\n" + ColdReport.END + "\nafter\n");
        Files.createDirectories(dir.resolve("results"));
        Path jmh = dir.resolve("results.json");
        try (InputStream in = ColdReportTest.class.getResourceAsStream("/sample-results.json")) {
            Files.copy(in, jmh);
        }
        ColdReport.write(cold, lukewarm, readme, dir.resolve("results/lukewarm.svg"), jmh);
        String text = Files.readString(readme);
        // the SDK's JMH median of NamespaceBenchmark.namedCreate in the sample result file
        assertTrue(text.contains("|  | warm, JMH p50 | 387 µs | | | | | |"), text);
        assertTrue(text.startsWith("before\n" + ColdReport.BEGIN), text);
        assertTrue(text.endsWith(ColdReport.END + "\nafter\n"), text);
        assertEquals(-1, text.indexOf("\nold\n"));
        String svg = Files.readString(dir.resolve("results/lukewarm.svg"));
        assertTrue(svg.startsWith("<svg") && svg.contains("<polyline"), svg);
        // a curve each for SDK, C, Go and ip in the namespace panel
        assertEquals(4, svg.split("<polyline", -1).length - 1, svg);
        assertTrue(svg.contains("stroke=\"#2ca02c\"") && svg.contains("stroke=\"#ff7f0e\""), svg);
    }

    @Test
    void curveRangesCoverEveryOperationOnce() {
        int covered = 0;
        int next = 0;
        for (int[] r : CurveChart.ranges(1000)) {
            assertEquals(next, r[0]);
            covered += r[1] - r[0];
            next = r[1];
        }
        assertEquals(1000, covered);
    }
}
