package dev.netns.benchmarks.report;

import dev.netns.witness.Json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * One benchmark's outcome from a JMH JSON result file, with every time in microseconds.
 *
 * {@snippet :
 * List<Result> results = Result.parseAll(Files.readString(Path.of("results/results.json")));
 * Result create = Result.find(results, "NamespaceBenchmark.namedCreate").orElseThrow();
 * double median = create.p50().orElseThrow();
 * }
 *
 * @param benchmark the simple class name and method, e.g. {@code NamespaceBenchmark.namedCreate}
 * @param params    the {@code @Param} values, sorted by name (empty when there are none)
 * @param mode      JMH's mode ({@code sample}, {@code avgt}, ...)
 * @param mean      the mean (JMH's score)
 * @param error     the 99.9% confidence half-width JMH reports (NaN when it has too few samples)
 * @param p50       the median, present in sample mode
 * @param p90       the 90th percentile, present in sample mode
 * @param p99       the 99th percentile, present in sample mode
 * @param samples   how many operations were sampled (sample mode), else 0
 */
public record Result(String benchmark, Map<String, String> params, String mode, double mean, double error,
                     OptionalDouble p50, OptionalDouble p90, OptionalDouble p99, long samples) {

    public Result {
        params = Collections.unmodifiableMap(new TreeMap<>(params)); // Map.copyOf's order changes from JVM to JVM
    }

    /** The name with its parameters, e.g. {@code NetlinkBenchmark.linkDump[links=100]}. */
    public String key() {
        if (params.isEmpty()) {
            return benchmark;
        }
        StringJoiner joined = new StringJoiner(",", benchmark + "[", "]");
        params.forEach((k, v) -> joined.add(k + "=" + v));
        return joined.toString();
    }

    /** The median when known, else the mean: the figure compared with the (median) references. */
    public double typical() {
        return p50.orElse(mean);
    }

    /** The result whose {@link #key()} is {@code key}. */
    public static Optional<Result> find(List<Result> results, String key) {
        return results.stream().filter(r -> r.key().equals(key)).findFirst();
    }

    /** Every result of a JMH JSON file (its top level is an array of runs). */
    public static List<Result> parseAll(String json) {
        if (!(Json.parseStrict(json) instanceof List<?> runs)) {
            throw new IllegalArgumentException("a JMH result file is a JSON array of benchmark runs");
        }
        List<Result> results = new ArrayList<>();
        for (Object run : runs) {
            results.add(of(asMap(run, "benchmark run")));
        }
        return results;
    }

    private static Result of(Map<?, ?> run) {
        String fqn = (String) run.get("benchmark");
        if (fqn == null) {
            throw new IllegalArgumentException("a benchmark run without a \"benchmark\" name");
        }
        String[] parts = fqn.split("\\.");
        String name = parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : fqn;
        Map<String, String> params = new TreeMap<>();
        if (run.get("params") instanceof Map<?, ?> p) {
            p.forEach((k, v) -> params.put(k.toString(), v.toString()));
        }
        Map<?, ?> metric = asMap(run.get("primaryMetric"), fqn + ": primaryMetric");
        double scale = toMicros((String) metric.get("scoreUnit"), fqn);
        double mean = number(metric.get("score")) * scale;
        double error = number(metric.get("scoreError")) * scale;
        OptionalDouble p50 = OptionalDouble.empty();
        OptionalDouble p90 = OptionalDouble.empty();
        OptionalDouble p99 = OptionalDouble.empty();
        if (metric.get("scorePercentiles") instanceof Map<?, ?> pct && !pct.isEmpty()) {
            p50 = percentile(pct, "50.0", scale);
            p90 = percentile(pct, "90.0", scale);
            p99 = percentile(pct, "99.0", scale);
        }
        return new Result(name, params, String.valueOf(run.get("mode")), mean, error, p50, p90, p99, sampleCount(metric));
    }

    /** Sample mode's raw histogram: per fork, per iteration, a list of [time, count] pairs. */
    private static long sampleCount(Map<?, ?> metric) {
        long n = 0;
        if (metric.get("rawDataHistogram") instanceof List<?> forks) {
            for (Object fork : forks) {
                for (Object iteration : (List<?>) fork) {
                    for (Object bucket : (List<?>) iteration) {
                        n += (long) number(((List<?>) bucket).get(1));
                    }
                }
            }
        }
        return n;
    }

    private static OptionalDouble percentile(Map<?, ?> pct, String key, double scale) {
        Object v = pct.get(key);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(number(v) * scale);
    }

    private static double toMicros(String unit, String benchmark) {
        if (unit == null) {
            throw new IllegalArgumentException(benchmark + ": no scoreUnit");
        }
        return switch (unit) {
            case "ns/op" -> 1e-3;
            case "us/op" -> 1;
            case "ms/op" -> 1e3;
            case "s/op" -> 1e6;
            default -> throw new IllegalArgumentException(benchmark + ": unit " + unit
                    + " is not a time per operation; run the suite in sample or average-time mode");
        };
    }

    private static double number(Object o) {
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        return Double.NaN; // JMH writes "NaN" as a string
    }

    private static Map<?, ?> asMap(Object o, String what) {
        if (o instanceof Map<?, ?> m) {
            return m;
        }
        throw new IllegalArgumentException(what + " is not a JSON object");
    }
}
