package dev.netns.benchmarks;

import dev.netns.NetnsException;
import dev.netns.NetworkNamespaces;
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
 * <p>Everything happens in named sandbox namespaces of this trial ({@code ip -n} needs names): a
 * node with a bridge {@code cni0} carrying 10.244.0.1/16, and a peer namespace for veth ends.
 * Interface and pod names are unique per invocation, because a deleted namespace's devices
 * disappear asynchronously, after {@code ip netns del} has returned.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Thread)
public class IpBaselineBenchmark {
    static final String BRIDGE = "cni0";
    static final String GATEWAY = "10.244.0.1";

    private Sandbox sandbox;
    private String node;
    private String peer;
    private int seq;

    @Setup(Level.Trial)
    public void open() throws IOException, InterruptedException {
        sandbox = Sandbox.open();
        node = sandbox.named("ipnode").name().orElseThrow();
        peer = sandbox.named("ippeer").name().orElseThrow();
        Ip.run("-n", node, "link", "add", BRIDGE, "type", "bridge");
        Ip.run("-n", node, "addr", "add", GATEWAY + "/16", "dev", BRIDGE);
        Ip.run("-n", node, "link", "set", BRIDGE, "up");
    }

    @TearDown(Level.Trial)
    public void close() throws NetnsException {
        sandbox.close();
    }

    /** A fresh interface/pod number for this invocation. */
    int next() {
        return ++seq;
    }

    /** The n-th pod address in 10.244.0.0/16, skipping the gateway. */
    static String podAddress(int n) {
        int host = 2 + (n % 65000);
        return "10.244." + (host >> 8) + "." + (host & 0xff);
    }

    // ---- ip netns add / del

    @State(Scope.Thread)
    public static class NewName {
        String name;

        @Setup(Level.Invocation)
        public void name() {
            name = Sandbox.uniqueName("ipadd");
        }

        @TearDown(Level.Invocation)
        public void delete() throws NetnsException {
            Sandbox.deleteIfPresent(name);
        }
    }

    @State(Scope.Thread)
    public static class ExistingName {
        String name;

        @Setup(Level.Invocation)
        public void create() throws NetnsException {
            name = Sandbox.uniqueName("ipdel");
            NetworkNamespaces.create(name).close();
        }

        @TearDown(Level.Invocation)
        public void delete() throws NetnsException {
            Sandbox.deleteIfPresent(name);
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

    /** Names for a veth the benchmark creates; deleted after the invocation. */
    @State(Scope.Thread)
    public static class NewVeth {
        String name;
        String peerName;
        String node;

        @Setup(Level.Invocation)
        public void name(IpBaselineBenchmark b) {
            int n = b.next();
            name = "v" + n;
            peerName = "p" + n;
            node = b.node;
        }

        @TearDown(Level.Invocation)
        public void delete() throws IOException, InterruptedException {
            Ip.run("-n", node, "link", "del", name);
        }
    }

    /** A veth the benchmark deletes. */
    @State(Scope.Thread)
    public static class ExistingVeth {
        String name;

        @Setup(Level.Invocation)
        public void create(IpBaselineBenchmark b) throws IOException, InterruptedException {
            int n = b.next();
            name = "v" + n;
            Ip.run("-n", b.node, "link", "add", name, "type", "veth", "peer", "name", "p" + n, "netns", b.peer);
        }
    }

    /** {@code ip -n NODE link add vN type veth peer name pN netns PEER}. */
    @Benchmark
    public void ipVethCreate(NewVeth v) throws IOException, InterruptedException {
        Ip.run("-n", v.node, "link", "add", v.name, "type", "veth", "peer", "name", v.peerName, "netns", peer);
    }

    /** {@code ip -n NODE link del vN} (the kernel waits for RCU readers before it returns). */
    @Benchmark
    public void ipVethDelete(ExistingVeth v) throws IOException, InterruptedException {
        Ip.run("-n", node, "link", "del", v.name);
    }

    // ---- a pod, as the bridge CNI plugin's steps done with ip

    /** The names and address of one pod. */
    record PodNames(String pod, String hostVeth, String address) {
        static PodNames next(IpBaselineBenchmark b) {
            int n = b.next();
            return new PodNames(Sandbox.uniqueName("ippod"), "veth" + n, podAddress(n));
        }
    }

    /** Names for the pod {@link #ipPodSetup} makes; the pod's namespace is deleted afterwards. */
    @State(Scope.Thread)
    public static class NewPod {
        PodNames names;

        @Setup(Level.Invocation)
        public void name(IpBaselineBenchmark b) {
            names = PodNames.next(b);
        }

        @TearDown(Level.Invocation)
        public void delete() throws NetnsException {
            // the pod's eth0 dies with its namespace and takes the host end with it (asynchronously)
            Sandbox.deleteIfPresent(names.pod());
        }
    }

    /** A pod made with ip, for {@link #ipPodTeardown} to remove. */
    @State(Scope.Thread)
    public static class ExistingPod {
        PodNames names;

        @Setup(Level.Invocation)
        public void create(IpBaselineBenchmark b) throws IOException, InterruptedException {
            names = PodNames.next(b);
            b.podSetup(names);
        }

        @TearDown(Level.Invocation)
        public void delete() throws NetnsException {
            Sandbox.deleteIfPresent(names.pod()); // only if the benchmark failed half-way
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
        Ip.run("-n", node, "link", "del", p.names.hostVeth());
        Ip.run("netns", "del", p.names.pod());
    }

    void podSetup(PodNames p) throws IOException, InterruptedException {
        Ip.run("netns", "add", p.pod());
        Ip.run("-n", node, "link", "add", p.hostVeth(), "type", "veth", "peer", "name", "eth0", "netns", p.pod());
        Ip.run("-n", node, "link", "set", p.hostVeth(), "master", BRIDGE, "up");
        Ip.run("-n", p.pod(), "link", "set", "lo", "up");
        Ip.run("-n", p.pod(), "addr", "add", p.address() + "/16", "dev", "eth0");
        Ip.run("-n", p.pod(), "link", "set", "eth0", "up");
        Ip.run("-n", p.pod(), "route", "add", "default", "via", GATEWAY);
    }
}
