package dev.netns.benchmarks;

import dev.netns.NetnsException;
import dev.netns.NetworkNamespaces;
import dev.netns.witness.Owner;
import dev.netns.witness.SandboxNode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The baseline: the same operations as the SDK benchmarks, done the way a Java program does them
 * without this SDK, by running iproute2's {@code ip} once per command.
 *
 * {@snippet lang=shell :
 * java -jar benchmarks/target/benchmarks.jar IpBaselineBenchmark
 * }
 *
 * <p>Everything happens in named sandbox namespaces of the trial ({@code ip -n} needs names): a
 * node with a bridge {@code cni0} carrying 10.244.0.1/16, and a peer namespace for veth ends.
 * Interface and pod names are unique per invocation, because a deleted namespace's devices
 * disappear asynchronously, after {@code ip netns del} has returned.
 *
 * <p>The benchmark methods reach the {@link Node} through their per-invocation state rather than
 * taking it as a parameter: JMH 1.37 makes a second, separate instance of a {@code Scope.Thread}
 * state that is both a method parameter and a dependency of another state's {@code @Setup}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class IpBaselineBenchmark {
    /** The node's bridge, carrying {@value #GATEWAY}/16. */
    public static final String BRIDGE = "cni0";
    /** The bridge's address, the pods' default gateway. */
    public static final String GATEWAY = "10.244.0.1";

    /** The trial's sandbox: a node namespace with the bridge, and a peer namespace. */
    @State(Scope.Thread)
    public static class Node {
        SandboxNode sandbox;
        String node;
        String peer;
        private int seq;

        @Setup(Level.Trial)
        public void open() throws IOException, InterruptedException {
            sandbox = Bench.sandbox();
            node = sandbox.named("ipnode").name().orElseThrow();
            peer = sandbox.named("ippeer").name().orElseThrow();
            bridgeSetup(node);
        }

        @TearDown(Level.Trial)
        public void close() throws NetnsException {
            sandbox.close();
        }

        /** A fresh interface/pod number. */
        int next() {
            return ++seq;
        }
    }

    /** The n-th pod address in 10.244.0.0/16, skipping the gateway. */
    public static String podAddress(int n) {
        int host = 2 + (n % 65000);
        return "10.244." + (host >> 8) + "." + (host & 0xff);
    }

    // ---- ip netns add / del

    /** A fresh name for {@link #ipNetnsAdd}; deleted afterwards. */
    @State(Scope.Thread)
    public static class NewName {
        String name;

        @Setup(Level.Invocation)
        public void name() {
            name = Bench.OWNER.uniqueName("ipadd");
        }

        @TearDown(Level.Invocation)
        public void delete() throws NetnsException {
            Owner.deleteIfPresent(name);
        }
    }

    /** A named namespace for {@link #ipNetnsDel}. */
    @State(Scope.Thread)
    public static class ExistingName {
        String name;

        @Setup(Level.Invocation)
        public void create() throws NetnsException {
            name = Bench.OWNER.uniqueName("ipdel");
            NetworkNamespaces.create(name).close();
        }

        @TearDown(Level.Invocation)
        public void delete() throws NetnsException {
            Owner.deleteIfPresent(name); // only if the benchmark failed half-way
        }
    }

    /** {@code ip netns add NAME}. */
    @Benchmark
    public void ipNetnsAdd(NewName s) throws IOException, InterruptedException {
        Ip.run("netns", "add", s.name);
    }

    /** {@code ip netns del NAME}. */
    @Benchmark
    public void ipNetnsDel(ExistingName s) throws IOException, InterruptedException {
        Ip.run("netns", "del", s.name);
    }

    // ---- veth

    /** Names for the veth {@link #ipVethCreate} makes; deleted afterwards. */
    @State(Scope.Thread)
    public static class NewVeth {
        Node node;
        String name;
        String peerName;

        @Setup(Level.Invocation)
        public void name(Node n) {
            node = n;
            int i = n.next();
            name = "v" + i;
            peerName = "p" + i;
        }

        @TearDown(Level.Invocation)
        public void delete() throws IOException, InterruptedException {
            Ip.run("-n", node.node, "link", "del", name);
        }
    }

    /** A veth for {@link #ipVethDelete}. */
    @State(Scope.Thread)
    public static class ExistingVeth {
        Node node;
        String name;

        @Setup(Level.Invocation)
        public void create(Node n) throws IOException, InterruptedException {
            node = n;
            int i = n.next();
            name = "v" + i;
            Ip.run("-n", n.node, "link", "add", name, "type", "veth", "peer", "name", "p" + i, "netns", n.peer);
        }
    }

    /** {@code ip -n NODE link add vN type veth peer name pN netns PEER}. */
    @Benchmark
    public void ipVethCreate(NewVeth v) throws IOException, InterruptedException {
        Ip.run("-n", v.node.node, "link", "add", v.name, "type", "veth", "peer", "name", v.peerName, "netns", v.node.peer);
    }

    /** {@code ip -n NODE link del vN} (the kernel waits for RCU readers before it returns). */
    @Benchmark
    public void ipVethDelete(ExistingVeth v) throws IOException, InterruptedException {
        Ip.run("-n", v.node.node, "link", "del", v.name);
    }

    // ---- a pod, as the bridge CNI plugin's steps done with ip

    /** The names and address of one pod (also the cold harness's {@code ip} pod). */
    public record PodNames(String node, String pod, String hostVeth, String address) {
        static PodNames next(Node n) {
            int i = n.next();
            return new PodNames(n.node, Bench.OWNER.uniqueName("ippod"), "veth" + i, podAddress(i));
        }
    }

    /** Names for the pod {@link #ipPodSetup} makes; the pod's namespace is deleted afterwards. */
    @State(Scope.Thread)
    public static class NewPod {
        PodNames names;

        @Setup(Level.Invocation)
        public void name(Node n) {
            names = PodNames.next(n);
        }

        @TearDown(Level.Invocation)
        public void delete() throws NetnsException {
            // the pod's eth0 dies with its namespace and takes the host end with it (asynchronously)
            Owner.deleteIfPresent(names.pod());
        }
    }

    /** A pod made with ip, for {@link #ipPodTeardown} to remove. */
    @State(Scope.Thread)
    public static class ExistingPod {
        PodNames names;

        @Setup(Level.Invocation)
        public void create(Node n) throws IOException, InterruptedException {
            names = PodNames.next(n);
            podSetup(names);
        }

        @TearDown(Level.Invocation)
        public void delete() throws NetnsException {
            Owner.deleteIfPresent(names.pod()); // only if the benchmark failed half-way
        }
    }

    /**
     * A pod: {@code ip netns add}, a veth with {@code eth0} in the pod, the host end on the bridge
     * and up, {@code lo} up, the address, {@code eth0} up, the default route: 7 processes.
     */
    @Benchmark
    public void ipPodSetup(NewPod p) throws IOException, InterruptedException {
        podSetup(p.names);
    }

    /** Removing a pod: {@code ip -n NODE link del HOSTVETH}, then {@code ip netns del POD}. */
    @Benchmark
    public void ipPodTeardown(ExistingPod p) throws IOException, InterruptedException {
        Ip.run("-n", p.names.node(), "link", "del", p.names.hostVeth());
        Ip.run("netns", "del", p.names.pod());
    }

    /** The node's bridge {@value #BRIDGE} carrying {@value #GATEWAY}/16, up: 3 {@code ip} processes. */
    public static void bridgeSetup(String node) throws IOException, InterruptedException {
        Ip.run("-n", node, "link", "add", BRIDGE, "type", "bridge");
        Ip.run("-n", node, "addr", "add", GATEWAY + "/16", "dev", BRIDGE);
        Ip.run("-n", node, "link", "set", BRIDGE, "up");
    }

    /** The pod of {@link #ipPodSetup}: 7 {@code ip} processes, in a node that has the bridge {@value #BRIDGE}. */
    public static void podSetup(PodNames p) throws IOException, InterruptedException {
        String node = p.node();
        Ip.run("netns", "add", p.pod());
        Ip.run("-n", node, "link", "add", p.hostVeth(), "type", "veth", "peer", "name", "eth0", "netns", p.pod());
        Ip.run("-n", node, "link", "set", p.hostVeth(), "master", BRIDGE, "up");
        Ip.run("-n", p.pod(), "link", "set", "lo", "up");
        Ip.run("-n", p.pod(), "addr", "add", p.address() + "/16", "dev", "eth0");
        Ip.run("-n", p.pod(), "link", "set", "eth0", "up");
        Ip.run("-n", p.pod(), "route", "add", "default", "via", GATEWAY);
    }
}
