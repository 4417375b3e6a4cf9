package dev.netns.benchmarks;

import dev.netns.NetnsException;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import dev.netns.Pod;
import dev.netns.PodNetwork;
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
 * Pods: adding one to a network, removing one, and tearing a whole network of 10 or 100 pods down
 * with {@link PodNetwork#close()} (one request deletes every host end and the bridge: one RCU grace
 * period) against removing its pods one by one (one grace period each).
 *
 * {@snippet lang=shell :
 * java -jar benchmarks/target/benchmarks.jar PodBenchmark -p pods=100
 * }
 *
 * <p>The node is an anonymous sandbox namespace; pods' namespaces are named
 * {@code bm-<pid>-…} through the network's namespace prefix, so a crashed fork's pods are swept
 * like every other leftover.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class PodBenchmark {
    static final String SUBNET = "10.244.0.0/16";

    /** A network for the whole trial: the node, its bridge, no pods between invocations. */
    @State(Scope.Thread)
    public static class Network {
        SandboxNode sandbox;
        PodNetwork net;
        private int seq;

        @Setup(Level.Trial)
        public void open() throws NetnsException {
            sandbox = Bench.sandbox();
            JitWarmup.pods();
            net = network(sandbox.anonymous());
        }

        @TearDown(Level.Trial)
        public void close() throws NetnsException {
            try {
                net.close();
            } finally {
                sandbox.close();
            }
        }

        String nextName() {
            return "p" + ++seq;
        }
    }

    /** A pod name for {@link #addPod}; the pod is removed afterwards. */
    @State(Scope.Thread)
    public static class NewPod {
        Network network;
        String name;

        @Setup(Level.Invocation)
        public void name(Network n) {
            network = n;
            name = n.nextName();
        }

        @TearDown(Level.Invocation)
        public void remove() throws NetnsException {
            network.net.removePod(name);
        }
    }

    /** A pod for {@link #removePod}. */
    @State(Scope.Thread)
    public static class ExistingPod {
        Network network;
        String name;

        @Setup(Level.Invocation)
        public void add(Network n) throws NetnsException {
            network = n;
            name = n.nextName();
            n.net.addPod(name);
        }
    }

    /** {@code addPod}: namespace, veth with {@code eth0} inside, host end on the bridge, addresses, routes. */
    @Benchmark
    public Pod addPod(NewPod p) throws NetnsException {
        return p.network.net.addPod(p.name);
    }

    /** {@code removePod}: the host end (and with it {@code eth0}), then the namespace. */
    @Benchmark
    public void removePod(ExistingPod p) throws NetnsException {
        p.network.net.removePod(p.name);
    }

    /** A fresh network of {@code pods} pods, in its own node namespace, for each invocation. */
    @State(Scope.Thread)
    public static class Populated {
        @Param({"10", "100"})
        public int pods;

        SandboxNode sandbox;
        NetworkNamespace node;
        PodNetwork net;
        List<String> names;

        @Setup(Level.Trial)
        public void open() throws NetnsException {
            sandbox = Bench.sandbox(); // no JIT warm-up: these teardowns are kernel time (RCU waits)
        }

        @Setup(Level.Invocation)
        public void populate() throws NetnsException {
            node = NetworkNamespaces.create();
            net = network(node);
            names = new ArrayList<>(pods);
            for (int i = 0; i < pods; i++) {
                names.add(net.addPod("p" + i).name());
            }
        }

        @TearDown(Level.Invocation)
        public void release() throws NetnsException {
            try {
                net.close(); // no-op after closeNetwork; removes what removeOneByOne left after a failure
            } finally {
                node.close();
            }
        }

        @TearDown(Level.Trial)
        public void close() throws NetnsException {
            sandbox.close();
        }
    }

    /** {@code PodNetwork.close()}: every pod, veth and the bridge, batched. */
    @Benchmark
    public void closeNetwork(Populated p) throws NetnsException {
        p.net.close();
    }

    /** {@code removePod} for every pod, in order: what a caller without the batched teardown does. */
    @Benchmark
    public void removeOneByOne(Populated p) throws NetnsException {
        for (String name : p.names) {
            p.net.removePod(name);
        }
    }

    /** A network in {@code node} with a bridge {@code cni0} on {@value #SUBNET}, pods named {@code bm-<pid>-<n>-POD}. */
    static PodNetwork network(NetworkNamespace node) throws NetnsException {
        return PodNetwork.builder()
                .node(node)
                .subnet(SUBNET)
                .namespacePrefix(Bench.OWNER.uniqueName("net") + "-")
                .create();
    }
}
