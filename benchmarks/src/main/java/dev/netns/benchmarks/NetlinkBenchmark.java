package dev.netns.benchmarks;

import dev.netns.Bridge;
import dev.netns.Link;
import dev.netns.NetnsException;
import dev.netns.NetworkNamespace;
import dev.netns.VethPair;
import dev.netns.witness.SandboxNode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * rtnetlink through the public API: creating and deleting a veth pair whose peer lives in another
 * namespace, dumping the links of a namespace with 10, 100 and 1,000 interfaces, and N requests sent
 * one at a time (one round trip each).
 *
 * {@snippet lang=shell :
 * java -jar benchmarks/target/benchmarks.jar NetlinkBenchmark -p links=1000
 * }
 *
 * <p>All namespaces are anonymous namespaces of the trial. The fixtures with trial-wide namespaces
 * are reached through the per-invocation states, never passed to a benchmark method alongside them
 * (JMH 1.37 would make a second instance, see {@link IpBaselineBenchmark}).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class NetlinkBenchmark {
    /** A node namespace and a peer namespace for veth pairs, with their sockets already open. */
    @State(Scope.Thread)
    public static class Pair {
        SandboxNode sandbox;
        NetworkNamespace node;
        NetworkNamespace peer;
        private int seq;

        @Setup(Level.Trial)
        public void open() throws NetnsException {
            sandbox = Bench.sandbox();
            JitWarmup.pods(); // the veth request path is the pod's
            node = sandbox.anonymous();
            peer = sandbox.anonymous();
            // open both rtnetlink sockets now, so no invocation pays for it
            node.links().list();
            peer.links().list();
        }

        @TearDown(Level.Trial)
        public void close() throws NetnsException {
            sandbox.close();
        }

        VethPair.Builder next() {
            int n = ++seq;
            return VethPair.builder().name("v" + n).peerName("p" + n).peerNamespace(peer);
        }
    }

    /** A veth for the create benchmarks to make; deleted afterwards (outside the measurement). */
    @State(Scope.Thread)
    public static class NewVeth {
        Pair pair;
        VethPair.Spec spec;

        @Setup(Level.Invocation)
        public void name(Pair p) {
            pair = p;
            spec = p.next().build();
        }

        @TearDown(Level.Invocation)
        public void delete() throws NetnsException {
            pair.node.links().delete(spec.name());
        }
    }

    /**
     * Names and a node for {@link #vethCreateBackToBack}: nothing is deleted between invocations. The
     * node is an anonymous namespace of one iteration; closing it at the iteration's end lets the kernel
     * remove every pair made in it in one namespace teardown, off the measured path.
     */
    @State(Scope.Thread)
    public static class BackToBack {
        Pair pair;
        NetworkNamespace node;
        VethPair.Spec spec;

        @Setup(Level.Iteration)
        public void node(Pair p) throws NetnsException {
            pair = p;
            node = p.sandbox.anonymous();
            node.links().list(); // its rtnetlink socket, opened before the measurement
        }

        @Setup(Level.Invocation)
        public void name() {
            spec = pair.next().build();
        }

        @TearDown(Level.Iteration)
        public void dropNode() {
            node.close(); // the last handle: the namespace goes, and with it every pair in it
        }
    }

    /** A veth for {@link #vethDelete}. */
    @State(Scope.Thread)
    public static class ExistingVeth {
        Pair pair;
        String name;

        @Setup(Level.Invocation)
        public void create(Pair p) throws NetnsException {
            pair = p;
            name = p.next().create(p.node).name();
        }
    }

    /** {@code VethPair.builder()...create(node)}: one {@code RTM_NEWLINK}, then one {@code RTM_GETLINK} for the returned {@link Link}. */
    @Benchmark
    public VethPair vethCreate(NewVeth v) throws NetnsException {
        return VethPair.builder().name(v.spec.name()).peerName(v.spec.peerName()).peerNamespace(v.pair.peer)
                .create(v.pair.node);
    }

    /**
     * {@link #vethCreate} with no delete between two creates: the kernel's own work stays warm in
     * the caches (a delete runs an RCU grace period and tears down sysfs and sysctl entries), which
     * is how a loop creating many pairs sees it.
     */
    @Benchmark
    public VethPair vethCreateBackToBack(BackToBack v) throws NetnsException {
        return VethPair.builder().name(v.spec.name()).peerName(v.spec.peerName()).peerNamespace(v.pair.peer)
                .create(v.node);
    }

    /** {@code ip link del vN}: the kernel waits for an RCU grace period before it acknowledges. */
    @Benchmark
    public void vethDelete(ExistingVeth v) throws NetnsException {
        v.pair.node.links().delete(v.name);
    }

    /** A namespace with {@code links} interfaces: loopback, veth pairs with both ends inside, a bridge to make it even. */
    @State(Scope.Thread)
    public static class Crowded {
        @Param({"10", "100", "1000"})
        public int links;

        SandboxNode sandbox;
        NetworkNamespace ns;

        @Setup(Level.Trial)
        public void fill() throws NetnsException {
            sandbox = Bench.sandbox();
            ns = sandbox.anonymous();
            addVethPairs(ns, "d", (links - 1) / 2);
            if ((links - 1) % 2 == 1) {
                Bridge.builder().name("br0").create(ns);
            }
            int count = ns.links().list().size();
            if (count != links) {
                throw new IllegalStateException("expected " + links + " links, the namespace has " + count);
            }
        }

        @TearDown(Level.Trial)
        public void close() throws NetnsException {
            sandbox.close();
        }
    }

    /** {@code ip link show}: one dump, every link decoded. */
    @Benchmark
    public List<Link> linkDump(Crowded c) throws NetnsException {
        return c.ns.links().list();
    }

    /** A namespace with {@code requests} interfaces whose MTU the request benchmarks flip. */
    @State(Scope.Thread)
    public static class Targets {
        @Param({"10", "100"})
        public int requests;

        SandboxNode sandbox;
        NetworkNamespace ns;
        List<String> names;
        int mtu = 1500;

        @Setup(Level.Trial)
        public void fill() throws NetnsException {
            sandbox = Bench.sandbox();
            ns = sandbox.anonymous();
            addVethPairs(ns, "t", requests / 2);
            names = new ArrayList<>();
            for (int i = 0; i < requests / 2; i++) {
                names.add("t" + i + "a");
                names.add("t" + i + "b");
            }
        }

        @TearDown(Level.Trial)
        public void close() throws NetnsException {
            sandbox.close();
        }

        /** Every invocation changes the MTU for real (1500, 1400, 1500, ...), so the kernel does the same work each time. */
        int nextMtu() {
            mtu = mtu == 1500 ? 1400 : 1500;
            return mtu;
        }
    }

    /** N × {@code ip link set NAME mtu M}, each waiting for its ack before the next is sent. */
    @Benchmark
    public void requestsOneAtATime(Targets t) throws NetnsException {
        int mtu = t.nextMtu();
        for (String name : t.names) {
            t.ns.links().setMtu(name, mtu);
        }
    }

    /** Adds {@code pairs} veth pairs ({@code STEMia}/{@code STEMib}) through the public API (fixture, not measured). */
    static void addVethPairs(NetworkNamespace ns, String stem, int pairs) throws NetnsException {
        for (int i = 0; i < pairs; i++) {
            VethPair.builder().name(stem + i + "a").peerName(stem + i + "b").create(ns);
        }
    }
}
