package dev.netns.benchmarks.report;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * The markdown part of the report: the headline comparison (SDK, {@code ip}, references, goal) and
 * every result in full.
 *
 * {@snippet :
 * String md = MarkdownTable.render(results, "results/chart.svg");
 * }
 */
public final class MarkdownTable {
    private MarkdownTable() {
    }

    /** The report section; {@code chartLink} is the chart's path relative to the markdown file, or null. */
    public static String render(List<Result> results, String chartLink) {
        StringBuilder md = new StringBuilder();
        md.append("### SDK vs `ip` vs reference\n\n")
                .append("Medians (p50) unless marked; the C and Go figures are the issue's reference medians, ")
                .append("measured on this machine. \"SDK / C\" compares medians.\n\n")
                .append("| Operation | SDK p50 | SDK mean | SDK p99 | `ip` p50 | `ip` / SDK | C | Go | `ip` (ref) | SDK / C | Goal |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Comparison c : Comparison.CATALOGUE) {
            Optional<Result> sdk = Result.find(results, c.sdk());
            Optional<Result> ip = c.ip() == null ? Optional.empty() : Result.find(results, c.ip());
            if (sdk.isEmpty() && ip.isEmpty()) {
                continue;
            }
            md.append("| ").append(c.operation())
                    .append(" | ").append(sdk.map(r -> Units.time(r.p50())).orElse("not run"))
                    .append(" | ").append(sdk.map(r -> Units.time(r.mean())).orElse("–"))
                    .append(" | ").append(sdk.map(r -> Units.time(r.p99())).orElse("–"))
                    .append(" | ").append(ip.map(r -> Units.time(r.typical())).orElse("–"))
                    .append(" | ").append(speedup(ip, sdk))
                    .append(" | ").append(Units.time(c.c()))
                    .append(" | ").append(Units.time(c.go()))
                    .append(" | ").append(Units.time(c.ipRef()))
                    .append(" | ").append(ratio(sdk, c.c()))
                    .append(" | ").append(goal(sdk, c))
                    .append(" |\n");
        }
        batchedVsOneByOne(results).ifPresent(line -> md.append('\n').append(line).append('\n'));
        scaling(results, "ScalingBenchmark.namedCreate", "present", "named namespace create with N named namespaces present")
                .ifPresent(line -> md.append('\n').append(line).append('\n'));
        scaling(results, "ScalingBenchmark.addPod", "pods", "addPod with N pods present")
                .ifPresent(line -> md.append('\n').append(line).append('\n'));
        if (chartLink != null) {
            md.append("\n![SDK vs ip vs reference, log scale](").append(chartLink).append(")\n");
        }
        md.append("\n### All results\n\n")
                .append("| Benchmark | Parameters | Mean | ± (99.9%) | p50 | p90 | p99 | Samples |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Result r : results) {
            md.append("| ").append(r.benchmark())
                    .append(" | ").append(params(r.params()))
                    .append(" | ").append(Units.time(r.mean()))
                    .append(" | ").append(Units.time(r.error()))
                    .append(" | ").append(Units.time(r.p50()))
                    .append(" | ").append(Units.time(r.p90()))
                    .append(" | ").append(Units.time(r.p99()))
                    .append(" | ").append(r.samples() > 0 ? Long.toString(r.samples()) : "–")
                    .append(" |\n");
        }
        return md.toString();
    }

    /** "Closing 100 pods: batched … vs one by one … (N× faster; goal ≥ 10×)", when both ran. */
    static Optional<String> batchedVsOneByOne(List<Result> results) {
        Optional<Result> batched = Result.find(results, "PodBenchmark.closeNetwork[pods=100]");
        Optional<Result> single = Result.find(results, "PodBenchmark.removeOneByOne[pods=100]");
        if (batched.isEmpty() || single.isEmpty()) {
            return Optional.empty();
        }
        double speedup = single.get().typical() / batched.get().typical();
        return Optional.of(String.format(Locale.ROOT,
                "Closing a network of 100 pods: %s batched vs %s one by one, %.1f× faster (goal: at least 10×, %s).",
                Units.time(batched.get().typical()), Units.time(single.get().typical()), speedup,
                speedup >= 10 ? "met" : "missed"));
    }

    /**
     * "Scaling, WHAT: N=10 → 359 µs, N=100 → 629 µs, ... (largest/smallest 2.27×)" over the values
     * of {@code param}, in numeric order, when at least two ran.
     */
    static Optional<String> scaling(List<Result> results, String benchmark, String param, String what) {
        List<Result> runs = results.stream()
                .filter(r -> r.benchmark().equals(benchmark) && r.params().containsKey(param))
                .sorted(Comparator.comparingLong(r -> Long.parseLong(r.params().get(param))))
                .toList();
        if (runs.size() < 2) {
            return Optional.empty();
        }
        String steps = runs.stream()
                .map(r -> "N=" + r.params().get(param) + " → " + Units.time(r.typical()))
                .collect(Collectors.joining(", "));
        double spread = runs.getLast().typical() / runs.getFirst().typical();
        return Optional.of(String.format(Locale.ROOT, "Scaling, %s (p50): %s; largest N / smallest N = %.2f×.",
                what, steps, spread));
    }

    /** How many times longer {@code ip} takes than the SDK (medians). */
    private static String speedup(Optional<Result> ip, Optional<Result> sdk) {
        if (ip.isEmpty() || sdk.isEmpty()) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.1f×", ip.get().typical() / sdk.get().typical());
    }

    private static String ratio(Optional<Result> sdk, OptionalDouble c) {
        if (sdk.isEmpty() || c.isEmpty()) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.2f×", sdk.get().typical() / c.getAsDouble());
    }

    private static String goal(Optional<Result> sdk, Comparison c) {
        if (c.goal().isEmpty() || c.c().isEmpty()) {
            return "–";
        }
        double limit = c.goal().getAsDouble();
        String rule = limit == 1.0 ? "≤ C" : String.format(Locale.ROOT, "≤ %.2f× C", limit);
        if (sdk.isEmpty()) {
            return rule;
        }
        boolean met = sdk.get().typical() <= limit * c.c().getAsDouble();
        return rule + (met ? ": met" : ": **missed**");
    }

    private static String params(Map<String, String> params) {
        if (params.isEmpty()) {
            return "";
        }
        return params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }
}
