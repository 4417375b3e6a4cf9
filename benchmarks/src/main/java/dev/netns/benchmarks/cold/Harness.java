package dev.netns.benchmarks.cold;

import dev.netns.NetnsException;
import dev.netns.NetworkNamespaces;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Speed as users meet it, side by side with the C and Go references and {@code ip} in the same run: cold start (a fresh
 * JVM per sample, with and without a JDK 25 AOT cache), the lukewarm series (the first operations
 * of a fresh JVM, each timed), bulk pods and {@code addPod} at scale. Writes two TSV files of raw
 * samples and the report section of {@code README.md} with its chart ({@link ColdReport}).
 *
 * {@snippet lang=shell :
 * # from the repository root, as root, inside a private mount namespace for /run/netns
 * mvn -q -pl benchmarks -am -Dmaven.test.skip=true package exec:exec@cold                    # quick: target/cold/
 * mvn -q -pl benchmarks -am -Dmaven.test.skip=true package exec:exec@cold -Dbench.mode=full   # full: results/ + README.md
 * }
 *
 * <p>Every sample of the SDK runs in a JVM of its own ({@link FirstPod}, {@link Series}); the C
 * reference ({@code src/main/c/reference.c}) and the Go reference ({@code src/main/go/reference},
 * vishvananda/netns and netlink), both built at the start ({@link References}), run the same
 * operations in a process of their own, alternating with the SDK's so all see the same machine
 * load; {@code ip} runs as one process per command from this JVM ({@link IpSeries}), after them.
 * The working directory is the {@code benchmarks} module.
 */
public final class Harness {
    private final Path out;
    private final Path work;
    private Path reference;
    private Path goReference;
    private final String jar;
    private final String javaCommand;

    private Harness(Path out) {
        this.out = out;
        this.work = Path.of("target", "cold"); // the compiled references, Go's build cache, the AOT cache: never committed
        this.jar = System.getProperty("java.class.path");
        this.javaCommand = ProcessHandle.current().info().command().orElse("java");
    }

    /** How much of everything one run does. */
    record Plan(int coldSamples, int quickOps, int slowOps, int scaleOps, int scaleLarge, int bulkPods, int bulkThreads,
                int bulkRounds, int ipNs, int ipVeth, int ipPod) {
        static final Plan QUICK = new Plan(3, 200, 40, 10, 200, 100, 4, 2, 30, 20, 10);
        static final Plan FULL = new Plan(10, 1000, 300, 50, 1000, 100, 4, 3, 100, 50, 30);
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "quick";
        if (!mode.equals("quick") && !mode.equals("full")) {
            throw new IllegalArgumentException("the first argument is the mode, quick or full: " + mode);
        }
        boolean full = mode.equals("full");
        Path out = full ? Path.of("results") : Path.of("target", "cold");
        Files.createDirectories(out);
        Harness h = new Harness(out);
        h.buildReferences();
        Plan plan = full ? Plan.FULL : Plan.QUICK;
        Path cold = out.resolve("cold.tsv");
        Path lukewarm = out.resolve("lukewarm.tsv");
        Files.writeString(cold, h.coldStart(plan));
        Files.writeString(lukewarm, h.series(plan));
        Path readme = full ? Path.of("README.md") : out.resolve("report.md");
        ColdReport.write(cold, lukewarm, readme, out.resolve("lukewarm.svg"), Path.of("results", "results.json"));
        System.out.println("report: " + readme.toAbsolutePath());
    }

    private void buildReferences() throws IOException, InterruptedException {
        reference = References.buildC(work);
        goReference = References.buildGo(work);
    }

    /** Rows of {@code variant sample namespace network pod inProcess wholeProcess}, all in µs. */
    private String coldStart(Plan plan) throws Exception {
        Path aot = work.resolve("firstpod.aot");
        Files.deleteIfExists(aot);
        run(java(List.of("-XX:AOTCacheOutput=" + aot), FirstPod.class, List.of()), true); // the training run
        StringBuilder tsv = new StringBuilder("variant\tsample\tnamespace_us\tnetwork_us\tpod_us\tin_process_us\tprocess_us\n");
        for (int i = 0; i < plan.coldSamples(); i++) {
            Ready version = run(List.of(javaCommand, "-version"), false);
            tsv.append("java -version\t").append(i).append("\t\t\t\t\t").append(version.micros()).append('\n');
            sdkRow(tsv, "SDK", i, run(java(List.of(), FirstPod.class, List.of()), true));
            sdkRow(tsv, "SDK + AOT cache", i, run(java(List.of("-XX:AOTCache=" + aot), FirstPod.class, List.of()), true));
            Ready c = run(List.of(reference.toString(), "firstpod"), true);
            tsv.append("C\t").append(i).append("\t\t\t\t").append(c.line().split(" ")[1]).append('\t').append(c.micros()).append('\n');
            Ready go = run(List.of(goReference.toString(), "firstpod"), true);
            tsv.append("Go\t").append(i).append("\t\t\t\t").append(go.line().split(" ")[1]).append('\t').append(go.micros()).append('\n');
            tsv.append(IpSeries.coldRow(i));
        }
        return tsv.toString();
    }

    private static void sdkRow(StringBuilder tsv, String variant, int i, Ready r) {
        String[] f = r.line().split(" "); // namespace A network B pod C ready
        long a = Long.parseLong(f[1]);
        long b = Long.parseLong(f[3]);
        long c = Long.parseLong(f[5]);
        tsv.append(variant).append('\t').append(i).append('\t').append(a).append('\t').append(b).append('\t').append(c)
                .append('\t').append(a + b + c).append('\t').append(r.micros()).append('\n');
    }

    /** Rows of {@code series impl index micros}: C first, then Go, then the SDK (then {@code ip}), series after series. */
    private String series(Plan plan) throws Exception {
        StringBuilder tsv = new StringBuilder("series\timpl\tindex\tus\n");
        all(tsv, "ns", List.of("ns", "" + plan.quickOps()), List.of("ns", "" + plan.quickOps()));
        append(tsv, "ns", "ip", 0, IpSeries.series("ns", plan.ipNs()));
        all(tsv, "run", List.of("run", "" + plan.quickOps()), List.of("run", "" + plan.quickOps()));
        all(tsv, "veth", List.of("veth", "" + plan.slowOps()), List.of("veth", "" + plan.slowOps()));
        append(tsv, "veth", "ip", 0, IpSeries.series("veth", plan.ipVeth()));
        all(tsv, "pod", List.of("pod", "" + plan.slowOps()), List.of("pod", "" + plan.slowOps()));
        append(tsv, "pod", "ip", 0, IpSeries.series("pod", plan.ipPod()));
        for (int present : new int[] {10, plan.scaleLarge()}) {
            String ops = "" + plan.scaleOps();
            all(tsv, "scale" + present, List.of("scale", ops, "" + present), List.of("scale", ops, "" + present));
            append(tsv, "scale" + present, "SDK, state directory", 0,
                    run(java(List.of(), Series.class, List.of("scalestate", ops, "" + present)), false).lines());
        }
        String pods = "" + plan.bulkPods();
        for (int r = 0; r < plan.bulkRounds(); r++) {
            append(tsv, "bulk", "C", r, run(List.of(reference.toString(), "bulk", pods), false).lines());
            append(tsv, "bulk", "Go", r, run(List.of(goReference.toString(), "bulk", pods), false).lines());
        }
        append(tsv, "bulk", "SDK, 1 thread", 0, run(java(List.of(), Series.class,
                List.of("bulk", pods, "1", "" + plan.bulkRounds())), false).lines());
        append(tsv, "bulk", "SDK, " + plan.bulkThreads() + " threads", 0, run(java(List.of(), Series.class,
                List.of("bulk", pods, "" + plan.bulkThreads(), "" + plan.bulkRounds())), false).lines());
        append(tsv, "bulk", "SDK, addPods", 0, run(java(List.of(), Series.class,
                List.of("addpods", pods, "" + plan.bulkRounds())), false).lines());
        return tsv.toString();
    }

    /** The series by C, then Go (the same arguments), then the SDK. */
    private void all(StringBuilder tsv, String series, List<String> cArgs, List<String> sdkArgs) throws Exception {
        List<String> c = new ArrayList<>(List.of(reference.toString()));
        c.addAll(cArgs);
        append(tsv, series, "C", 0, run(c, false).lines());
        List<String> go = new ArrayList<>(List.of(goReference.toString()));
        go.addAll(cArgs);
        append(tsv, series, "Go", 0, run(go, false).lines());
        append(tsv, series, "SDK", 0, run(java(List.of(), Series.class, sdkArgs), false).lines());
    }

    private static void append(StringBuilder tsv, String series, String impl, int first, List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            tsv.append(series).append('\t').append(impl).append('\t').append(first + i).append('\t').append(lines.get(i).trim()).append('\n');
        }
    }

    private List<String> java(List<String> flags, Class<?> main, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(javaCommand, "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(flags);
        cmd.addAll(List.of("-cp", jar, main.getName()));
        cmd.addAll(args);
        return cmd;
    }

    /** A finished child: its output, the line that said "ready" (or the last), and µs from start to that line. */
    record Ready(List<String> lines, String line, long micros) {
    }

    private Ready run(List<String> command, boolean untilReady) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(command.contains("-version")
                ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.INHERIT);
        long start = System.nanoTime();
        Process p = pb.start();
        List<String> lines = new ArrayList<>();
        String readyLine = null;
        long readyAt = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (readyLine == null && untilReady && (line.startsWith("ready") || line.endsWith("ready"))) {
                    readyAt = System.nanoTime();
                    readyLine = line;
                }
                lines.add(line);
            }
        }
        int exit = p.waitFor();
        long end = System.nanoTime();
        sweep(p.pid());
        if (exit != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + exit);
        }
        return new Ready(lines, readyLine, ((readyLine == null ? end : readyAt) - start) / 1_000);
    }

    /**
     * Named namespaces a C or Go child left ({@code cref-<pid>-…}, {@code gref-<pid>-…}: both delete
     * their own unless killed); the SDK's are swept by {@code Bench.sandbox()}.
     */
    private static void sweep(long pid) throws NetnsException {
        for (String name : NetworkNamespaces.list()) {
            if (name.startsWith("cref-" + pid + "-") || name.startsWith("gref-" + pid + "-")) {
                NetworkNamespaces.delete(name);
            }
        }
    }
}
