package dev.netns.benchmarks.cold;

import dev.netns.benchmarks.Bench;
import dev.netns.benchmarks.Ip;
import dev.netns.benchmarks.IpBaselineBenchmark;
import dev.netns.benchmarks.IpBaselineBenchmark.PodNames;
import dev.netns.witness.SandboxNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code ip} rows of the cold harness, run in the harness's own JVM: iproute2's {@code ip} as a
 * Java program meets it, one process per command started with {@link ProcessBuilder} ({@link Ip}),
 * each operation timed from the start of its first process to the end of its last. {@code ip} has no
 * warm-up of its own: every command is a fresh process, so its first operation is as cold as its
 * hundredth.
 *
 * <p>Everything lives in named namespaces of a sandbox ({@link Bench#sandbox()}): the node with the
 * bridge and the peer are made with {@code ip netns add} under the sandbox's prefix and reached with
 * {@code ip -n}, never the machine's own namespace; closing the sandbox deletes every name under its
 * prefix, also when a command failed half-way.
 */
final class IpSeries {
    private IpSeries() {
    }

    /**
     * One cold sample as a row of the cold TSV: {@code ip netns add} of the node (first namespace),
     * the bridge with its address, up (first pod network: 3 processes), the pod of
     * {@link IpBaselineBenchmark#podSetup} (first pod: 7 processes); no in-process time, the whole
     * from the first process's start to the last's end.
     */
    static String coldRow(int sample) throws Exception {
        try (SandboxNode sandbox = Bench.sandbox()) {
            String node = sandbox.newName("ipnode");
            PodNames pod = new PodNames(node, sandbox.newName("ippod"), "veth0", IpBaselineBenchmark.podAddress(0));
            long start = System.nanoTime();
            Ip.run("netns", "add", node);
            long namespace = System.nanoTime();
            IpBaselineBenchmark.bridgeSetup(node);
            long network = System.nanoTime();
            IpBaselineBenchmark.podSetup(pod);
            long ready = System.nanoTime();
            return "ip\t" + sample + "\t" + us(namespace - start) + "\t" + us(network - namespace) + "\t" + us(ready - network)
                    + "\t\t" + us(ready - start) + "\n";
        }
    }

    /**
     * The first N operations of one kind, each timed, as lines of microseconds: {@code ns} is
     * {@code ip netns add} (deleted untimed), {@code veth} is
     * {@code ip -n NODE link add vethA type veth peer name vethB netns PEER} (deleted untimed),
     * {@code pod} the 7 commands of {@link IpBaselineBenchmark#podSetup} (the host end and the pod's
     * namespace deleted untimed).
     */
    static List<String> series(String op, int n) throws Exception {
        List<String> samples = new ArrayList<>(n);
        try (SandboxNode sandbox = Bench.sandbox()) {
            switch (op) {
                case "ns" -> {
                    for (int i = 0; i < n; i++) {
                        String name = sandbox.newName("ipns");
                        long t = System.nanoTime();
                        Ip.run("netns", "add", name);
                        samples.add(since(t));
                        Ip.run("netns", "del", name);
                    }
                }
                case "veth" -> {
                    String node = sandbox.newName("ipnode");
                    String peer = sandbox.newName("ippeer");
                    Ip.run("netns", "add", node);
                    Ip.run("netns", "add", peer);
                    for (int i = 0; i < n; i++) {
                        long t = System.nanoTime();
                        Ip.run("-n", node, "link", "add", "vethA", "type", "veth", "peer", "name", "vethB", "netns", peer);
                        samples.add(since(t));
                        Ip.run("-n", node, "link", "del", "vethA");
                    }
                }
                case "pod" -> {
                    String node = sandbox.newName("ipnode");
                    Ip.run("netns", "add", node);
                    IpBaselineBenchmark.bridgeSetup(node);
                    for (int i = 0; i < n; i++) {
                        PodNames pod = new PodNames(node, sandbox.newName("ippod"), "veth" + i, IpBaselineBenchmark.podAddress(i));
                        long t = System.nanoTime();
                        IpBaselineBenchmark.podSetup(pod);
                        samples.add(since(t));
                        Ip.run("-n", node, "link", "del", pod.hostVeth());
                        Ip.run("netns", "del", pod.pod());
                    }
                }
                default -> throw new IllegalArgumentException("no ip series " + op + ": ns, veth or pod");
            }
        }
        return samples;
    }

    private static long us(long nanos) {
        return nanos / 1_000;
    }

    private static String since(long start) {
        return String.format(Locale.ROOT, "%.2f", (System.nanoTime() - start) / 1_000.0);
    }
}
