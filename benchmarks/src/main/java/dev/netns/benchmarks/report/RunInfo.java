package dev.netns.benchmarks.report;

import dev.netns.witness.Json;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a result file was produced, for the report's first line: JMH's settings (from the file) and
 * the machine (read when the report is written, which {@code Bench} does right after the run).
 *
 * {@snippet :
 * String line = RunInfo.of(Files.readString(json)).describe();
 * // "JMH 1.37, JDK 25.0.3, 1 fork, 2 × 1 s warm-up, 5 × 2 s measured; Linux 6.18.44, 2 CPUs"
 * }
 *
 * @param jmh         JMH's version
 * @param jdk         the benchmarked JDK's version
 * @param forks       forks per benchmark
 * @param warmup      warm-up iterations
 * @param warmupTime  warm-up iteration time as JMH writes it ({@code "1 s"})
 * @param measurement measured iterations
 * @param measureTime measured iteration time
 */
public record RunInfo(String jmh, String jdk, int forks, int warmup, String warmupTime, int measurement,
                      String measureTime) {

    /** The settings of the first run in a JMH JSON file. */
    public static RunInfo of(String json) {
        if (!(Json.parseStrict(json) instanceof List<?> runs) || runs.isEmpty() || !(runs.getFirst() instanceof Map<?, ?> first)) {
            throw new IllegalArgumentException("a JMH result file is a non-empty JSON array of benchmark runs");
        }
        return new RunInfo(text(first, "jmhVersion"), text(first, "jdkVersion"), count(first, "forks"),
                count(first, "warmupIterations"), text(first, "warmupTime"), count(first, "measurementIterations"),
                text(first, "measurementTime"));
    }

    /** One line for the report. */
    public String describe() {
        return String.format(Locale.ROOT, "JMH %s, JDK %s, %d fork%s, %d × %s warm-up, %d × %s measured; %s %s, %d CPUs",
                jmh, jdk, forks, forks == 1 ? "" : "s", warmup, warmupTime, measurement, measureTime,
                System.getProperty("os.name"), System.getProperty("os.version"), Runtime.getRuntime().availableProcessors());
    }

    private static String text(Map<?, ?> m, String key) {
        Object v = m.get(key);
        return v == null ? "?" : v.toString();
    }

    private static int count(Map<?, ?> m, String key) {
        return m.get(key) instanceof Number n ? n.intValue() : 0;
    }
}
