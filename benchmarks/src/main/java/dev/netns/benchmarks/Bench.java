package dev.netns.benchmarks;

import dev.netns.NetnsException;
import dev.netns.benchmarks.report.Report;
import dev.netns.witness.Owner;
import dev.netns.witness.SandboxNode;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Runs the suite in one of two modes and writes the report: JMH's JSON results, a markdown table
 * and an SVG chart.
 *
 * {@snippet lang=shell :
 * # from the repository root, as root (namespaces need CAP_SYS_ADMIN)
 * mvn -q -pl benchmarks -am -Dmaven.test.skip=true package exec:exec@bench                   # quick: target/bench/
 * mvn -q -pl benchmarks -am -Dmaven.test.skip=true package exec:exec@bench -Dbench.mode=full  # full: results/ + README.md
 * mvn -q -pl benchmarks -am -Dmaven.test.skip=true package exec:exec@bench -Dbench.args="JoinBenchmark -prof jfr"
 * }
 *
 * <ul>
 *   <li>{@code quick}: a smoke run (1 fork, 1 warm-up and 2 measured iterations of 1 s, about 3
 *       minutes on 2 cores) whose
 *       output goes to {@code target/bench/} and never touches the committed report;</li>
 *   <li>{@code full}: the run behind the report (1 fork, 3 warm-up and 4 measured iterations of 2 s,
 *       10 s of {@link JitWarmup} for the pod and veth benchmarks, about 15 minutes), written to {@code results/results.json}, {@code results/chart.svg} and the table
 *       between the markers of {@code README.md}.</li>
 * </ul>
 * The millisecond operations need more warm-up than their iterations give them (see
 * {@link JitWarmup}); the trials of the pod and veth benchmarks start with it, 10 s in full mode and
 * 2 s in quick mode (system property {@code bench.jitWarmup}).
 * Further arguments are JMH's own (a benchmark regex, {@code -prof jfr}, {@code -p pods=10});
 * iteration and fork options given there win over the mode's. Paths are relative to the working
 * directory, which the Maven execution sets to the {@code benchmarks} module.
 */
public final class Bench {
    /**
     * The owner of every named namespace the benchmarks make, {@code bm-<pid>-...}: deleted when the
     * fork exits, and swept by a later run if the fork crashed.
     */
    public static final Owner OWNER = Owner.of("bm");

    private Bench() {
    }

    /**
     * A trial's sandbox: a node namespace {@code bm-<pid>-<n>} whose close deletes everything under its
     * prefix. JMH does not promise a {@code @TearDown} after a benchmark threw, so a shutdown hook deletes
     * every name of this fork, and opening the first sandbox sweeps those of forks that no longer run.
     * Anonymous namespaces need none of this: the kernel frees them with their last handle.
     */
    public static SandboxNode sandbox() throws NetnsException {
        OWNER.deleteOwnAtExit();
        return SandboxNode.open(OWNER);
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "quick";
        if (!mode.equals("quick") && !mode.equals("full")) {
            throw new IllegalArgumentException("the first argument is the mode, quick or full: " + mode);
        }
        boolean full = mode.equals("full");
        CommandLineOptions cli = new CommandLineOptions(Arrays.copyOfRange(args, Math.min(1, args.length), args.length));
        Path out = full ? Path.of("results") : Path.of("target", "bench");
        Files.createDirectories(out);
        Path json = out.resolve("results.json");

        ChainedOptionsBuilder options = new OptionsBuilder().parent(cli);
        if (cli.getIncludes().isEmpty()) {
            // one process per CNI call against the packaged plugin: run on its own (netns-cni/README.md)
            options.exclude("CniPluginBenchmark");
        }
        if (!cli.getForkCount().hasValue()) {
            options.forks(1);
        }
        if (!cli.getWarmupIterations().hasValue()) {
            options.warmupIterations(full ? 3 : 1);
        }
        if (!cli.getWarmupTime().hasValue()) {
            options.warmupTime(TimeValue.seconds(full ? 2 : 1));
        }
        if (!cli.getMeasurementIterations().hasValue()) {
            options.measurementIterations(full ? 4 : 2);
        }
        if (!cli.getMeasurementTime().hasValue()) {
            options.measurementTime(TimeValue.seconds(full ? 2 : 1));
        }
        if (!cli.getJvmArgsAppend().hasValue()) {
            // JMH 1.37 still reads fields through sun.misc.Unsafe: allowed, without a warning per fork
            options.jvmArgsAppend("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                    "-Dbench.jitWarmup=" + (full ? 10 : 2));
        }
        if (!cli.getResult().hasValue()) {
            options.result(json.toString()).resultFormat(ResultFormatType.JSON);
        } else {
            json = Path.of(cli.getResult().get());
        }
        new Runner(options.build()).run();

        Path markdown = full ? Path.of("README.md") : out.resolve("report.md");
        Report.write(json, markdown, out.resolve("chart.svg"));
        System.out.println("report: " + markdown.toAbsolutePath() + ", chart: " + out.resolve("chart.svg").toAbsolutePath());
    }
}
