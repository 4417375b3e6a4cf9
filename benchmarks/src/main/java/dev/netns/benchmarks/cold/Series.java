package dev.netns.benchmarks.cold;

import dev.netns.NetnsException;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import dev.netns.PodNetwork;
import dev.netns.VethPair;
import dev.netns.benchmarks.Bench;

import dev.netns.witness.SandboxNode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The lukewarm series, run in a fresh JVM by {@link Harness}: the first N operations of one kind,
 * each timed on its own, printed one per line in microseconds. What each operation needs is made
 * before and removed after it, untimed, like the C and Go references ({@code src/main/c/reference.c},
 * {@code src/main/go/reference}) do.
 *
 * {@snippet lang=shell :
 * java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar dev.netns.benchmarks.cold.Series pod 300
 * }
 *
 * <ul>
 *   <li>{@code ns N}: named namespace create ({@code ip netns add}), deleted after each;</li>
 *   <li>{@code veth N}: veth create with the peer in another namespace, deleted after each;</li>
 *   <li>{@code run N}: {@code run(() -> {})} into another namespace and back;</li>
 *   <li>{@code pod N}: {@code addPod} on a network with no other pods, removed after each;</li>
 *   <li>{@code scale N M}: {@code addPod} with M pods present;</li>
 *   <li>{@code scalestate N M}: the same on a network with a state directory (host-local's layout, in a
 *       temporary directory), whose reservations every {@code addPod} reads;</li>
 *   <li>{@code bulk N THREADS ROUNDS}: N pods added by THREADS platform threads, one time per round;</li>
 *   <li>{@code addpods N ROUNDS}: N pods added by one {@code addPods} call, one time per round.</li>
 * </ul>
 */
public final class Series {
    private static final String SUBNET = "10.244.0.0/16";

    private Series() {
    }

    public static void main(String[] args) throws Exception {
        String op = args[0];
        int n = Integer.parseInt(args[1]);
        PrintStream out = System.out;
        List<Double> samples = new ArrayList<>(n);
        try (SandboxNode sandbox = Bench.sandbox()) {
            switch (op) {
                case "ns" -> namespaces(n, samples);
                case "veth" -> veths(sandbox, n, samples);
                case "run" -> runs(sandbox, n, samples);
                case "pod" -> pods(sandbox, n, 0, samples);
                case "scale" -> pods(sandbox, n, Integer.parseInt(args[2]), samples);
                case "scalestate" -> durablePods(sandbox, n, Integer.parseInt(args[2]), samples);
                case "bulk" -> bulk(sandbox, n, Integer.parseInt(args[2]), Integer.parseInt(args[3]), samples);
                case "addpods" -> addPods(sandbox, n, Integer.parseInt(args[2]), samples);
                default -> throw new IllegalArgumentException("unknown series " + op + ": ns, veth, run, pod, scale, scalestate, bulk or addpods");
            }
        }
        StringBuilder lines = new StringBuilder(samples.size() * 10);
        for (double s : samples) {
            lines.append(String.format("%.2f%n", s));
        }
        out.print(lines);
        out.flush();
    }

    private static void namespaces(int n, List<Double> samples) throws NetnsException {
        for (int i = 0; i < n; i++) {
            String name = Bench.OWNER.uniqueName("ns");
            long t = System.nanoTime();
            NetworkNamespace ns = NetworkNamespaces.create(name);
            samples.add(since(t));
            ns.delete();
        }
    }

    private static void veths(SandboxNode sandbox, int n, List<Double> samples) throws NetnsException {
        NetworkNamespace node = sandbox.anonymous();
        NetworkNamespace peer = sandbox.named("peer");
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            VethPair pair = VethPair.builder().name("vethA").peerName("vethB").peerNamespace(peer).create(node);
            samples.add(since(t));
            pair.delete();
        }
    }

    private static void runs(SandboxNode sandbox, int n, List<Double> samples) throws Exception {
        NetworkNamespace target = sandbox.named("target");
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            target.run(() -> { });
            samples.add(since(t));
        }
    }

    private static void pods(SandboxNode sandbox, int n, int present, List<Double> samples) throws NetnsException {
        try (PodNetwork net = network(sandbox)) {
            timePods(net, n, present, samples);
        }
    }

    /** {@code present} pods added untimed, then {@code n} {@code addPod}s timed, each removed again untimed. */
    private static void timePods(PodNetwork net, int n, int present, List<Double> samples) throws NetnsException {
        for (int i = 0; i < present; i++) {
            net.addPod("q" + i);
        }
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            net.addPod("p" + i);
            samples.add(since(t));
            net.removePod("p" + i);
        }
    }

    private static void durablePods(SandboxNode sandbox, int n, int present, List<Double> samples) throws Exception {
        Path state = Files.createTempDirectory("netns-bench-state");
        try (PodNetwork net = PodNetwork.builder().node(sandbox.anonymous()).subnet(SUBNET).namespacePrefix(sandbox.prefix())
                .name("bench").stateDirectory(state).create()) {
            timePods(net, n, present, samples);
        } finally {
            try (Stream<Path> files = Files.walk(state)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void bulk(SandboxNode sandbox, int n, int threads, int rounds, List<Double> samples) throws Exception {
        for (int r = 0; r < rounds; r++) {
            try (PodNetwork net = network(sandbox)) {
                AtomicInteger next = new AtomicInteger();
                List<Thread> workers = new ArrayList<>();
                List<Exception> failures = new ArrayList<>();
                long t = System.nanoTime();
                for (int w = 0; w < threads; w++) {
                    workers.add(Thread.ofPlatform().start(() -> {
                        try {
                            for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                                net.addPod("b" + i);
                            }
                        } catch (NetnsException | RuntimeException e) {
                            synchronized (failures) {
                                failures.add(e);
                            }
                        }
                    }));
                }
                for (Thread w : workers) {
                    w.join();
                }
                samples.add(since(t));
                if (!failures.isEmpty()) {
                    throw failures.getFirst();
                }
            }
        }
    }

    private static void addPods(SandboxNode sandbox, int n, int rounds, List<Double> samples) throws NetnsException {
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            names.add("b" + i);
        }
        for (int r = 0; r < rounds; r++) {
            try (PodNetwork net = network(sandbox)) {
                long t = System.nanoTime();
                net.addPods(names);
                samples.add(since(t));
            }
        }
    }

    private static PodNetwork network(SandboxNode sandbox) throws NetnsException {
        return PodNetwork.builder().node(sandbox.anonymous()).subnet(SUBNET).namespacePrefix(sandbox.prefix()).create();
    }

    private static double since(long start) {
        return (System.nanoTime() - start) / 1_000.0;
    }
}
