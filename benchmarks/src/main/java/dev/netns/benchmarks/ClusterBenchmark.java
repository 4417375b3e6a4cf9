package dev.netns.benchmarks;

import dev.netns.Cluster;
import dev.netns.NetnsException;
import dev.netns.Pod;
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

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

/**
 * Clusters: how long a cluster of 3 or 10 nodes takes to create, what one more node costs in a
 * running cluster of that size (every other node is told about it), and the first TCP connect from
 * a pod to a pod on another node against one on the same node, in each mode.
 *
 * {@snippet lang=shell :
 * java -jar benchmarks/target/benchmarks.jar ClusterBenchmark -p nodes=10 -p mode=VXLAN
 * }
 *
 * <p>Clusters are named {@code bm-<pid>-cl-<n>} (their namespaces {@code bm-<pid>-cl-<n>-node0} ...),
 * so a crashed fork's leftovers are swept by the next {@link Bench#sandbox()}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ClusterBenchmark {

    /** The cluster's shape, shared by the states below. */
    @State(Scope.Benchmark)
    public static class Shape {
        @Param({"3", "10"})
        public int nodes;
        @Param({"VXLAN", "HOST_GW"})
        public Cluster.Mode mode;

        Cluster.Builder builder() {
            return Cluster.builder().name(Bench.OWNER.uniqueName("cl")).nodes(nodes).mode(mode);
        }
    }

    /** A cluster made by the measured invocation, closed after it. */
    @State(Scope.Thread)
    public static class Made {
        SandboxNode sandbox;
        Cluster cluster;

        @Setup(Level.Trial)
        public void open() throws NetnsException {
            sandbox = Bench.sandbox();
        }

        @TearDown(Level.Invocation)
        public void close() throws NetnsException {
            if (cluster != null) {
                cluster.close();
                cluster = null;
            }
        }

        @TearDown(Level.Trial)
        public void closeSandbox() throws NetnsException {
            sandbox.close();
        }
    }

    /** {@code Cluster.builder().nodes(N).create()}: underlay, nodes, pod networks, every node told about every other. */
    @Benchmark
    public Cluster create(Shape shape, Made made) throws NetnsException {
        made.cluster = shape.builder().create();
        return made.cluster;
    }

    /** A running cluster of {@code nodes} nodes for the trial. */
    @State(Scope.Thread)
    public static class Running {
        SandboxNode sandbox;
        Cluster cluster;
        int added = -1;

        @Setup(Level.Trial)
        public void open(Shape shape) throws NetnsException {
            sandbox = Bench.sandbox();
            cluster = shape.builder().create();
        }

        @TearDown(Level.Invocation)
        public void removeAdded() throws NetnsException {
            if (added >= 0) {
                cluster.removeNode(added);
                added = -1;
            }
        }

        @TearDown(Level.Trial)
        public void close() throws NetnsException {
            try {
                cluster.close();
            } finally {
                sandbox.close();
            }
        }
    }

    /** One more node in a running cluster: its namespace, uplink, pod network, and a batch on each other node. */
    @Benchmark
    public int addNode(Running r) throws NetnsException {
        r.added = r.cluster.addNode().index();
        return r.added;
    }

    /** Pods on node 0 (client and a neighbour) and node 1, a listener in each server pod accepting in the background. */
    @State(Scope.Thread)
    public static class Pods {
        SandboxNode sandbox;
        Cluster cluster;
        Pod client;
        Server remote;
        Server local;

        @Setup(Level.Trial)
        public void open(Shape shape) throws Exception {
            sandbox = Bench.sandbox();
            cluster = Cluster.builder().name(Bench.OWNER.uniqueName("cl")).nodes(2).mode(shape.mode).create();
            client = cluster.node(0).addPod("client");
            local = new Server(cluster.node(0).addPod("local"));
            remote = new Server(cluster.node(1).addPod("remote"));
        }

        @TearDown(Level.Trial)
        public void close() throws Exception {
            try {
                remote.close();
                local.close();
                cluster.close();
            } finally {
                sandbox.close();
            }
        }
    }

    /** A listening socket inside a pod, accepted and closed by a thread outside every namespace. */
    static final class Server implements AutoCloseable {
        final InetSocketAddress address;
        private final ServerSocket listener;
        private final Thread acceptor;

        Server(Pod pod) throws IOException {
            listener = pod.call(() -> new ServerSocket(0, 64, pod.address()));
            address = new InetSocketAddress(pod.address(), listener.getLocalPort());
            acceptor = Thread.ofPlatform().daemon().name("bench-acceptor").start(() -> {
                while (!listener.isClosed()) {
                    try (Socket s = listener.accept()) {
                        s.getInputStream().read();
                    } catch (IOException e) {
                        // closed
                    }
                }
            });
        }

        @Override
        public void close() throws Exception {
            listener.close();
            acceptor.join(5_000);
        }
    }

    /** A new TCP connection from a pod on node 0 to a pod on node 1: handshake through the overlay or the routes. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void connectAcrossNodes(Pods p) throws IOException {
        connect(p.client, p.remote.address);
    }

    /** The same to a pod on the same node, over its bridge only: the baseline. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void connectOnOneNode(Pods p) throws IOException {
        connect(p.client, p.local.address);
    }

    private static void connect(Pod from, InetSocketAddress to) throws IOException {
        try (Socket s = from.call(() -> {
            Socket socket = new Socket();
            socket.connect(to, 5_000);
            return socket;
        })) {
            s.getOutputStream().write(1);
        }
    }
}
