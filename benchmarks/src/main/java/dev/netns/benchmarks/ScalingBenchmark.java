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

import java.util.concurrent.TimeUnit;

/**
 * Whether costs stay flat as the machine fills up: creating a named namespace with 10, 100 or
 * 1,000 named namespaces already present, and adding a pod to a network that already has 10, 100
 * or 500 pods. The crowd is built once per trial; each invocation adds one and removes it again
 * afterwards, so the count stays constant.
 *
 * {@snippet lang=shell :
 * java -jar benchmarks/target/benchmarks.jar ScalingBenchmark -p present=1000
 * }
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ScalingBenchmark {

    /** {@code present} named namespaces, and a fresh name per invocation (deleted afterwards). */
    @State(Scope.Thread)
    public static class Namespaces extends NameToCreate {
        @Param({"10", "100", "1000"})
        public int present;

        SandboxNode sandbox;

        @Setup(Level.Trial)
        public void crowd() throws NetnsException {
            sandbox = Bench.sandbox();
            for (int i = 0; i < present; i++) {
                NetworkNamespaces.create(sandbox.newName("crowd")).close();
            }
        }

        @Override
        protected String stem() {
            return "scale";
        }

        @TearDown(Level.Trial)
        public void close() throws NetnsException {
            sandbox.close(); // deletes the crowd too: every name under the sandbox's prefix
        }
    }

    /** {@code ip netns add NAME} with {@code present} others around. */
    @Benchmark
    public NetworkNamespace namedCreate(Namespaces s) throws NetnsException {
        s.created = NetworkNamespaces.create(s.name);
        return s.created;
    }

    /** A network with {@code pods} pods, and a fresh pod name per invocation (removed afterwards). */
    @State(Scope.Thread)
    public static class Pods {
        @Param({"10", "100", "500"})
        public int pods;

        SandboxNode sandbox;
        PodNetwork net;
        String name;
        private int seq;

        @Setup(Level.Trial)
        public void populate() throws NetnsException {
            sandbox = Bench.sandbox();
            JitWarmup.pods();
            net = PodBenchmark.network(sandbox.anonymous());
            for (int i = 0; i < pods; i++) {
                net.addPod("crowd" + i);
            }
        }

        @Setup(Level.Invocation)
        public void name() {
            name = "p" + ++seq;
        }

        @TearDown(Level.Invocation)
        public void remove() throws NetnsException {
            net.removePod(name);
        }

        @TearDown(Level.Trial)
        public void close() throws NetnsException {
            try {
                net.close();
            } finally {
                sandbox.close();
            }
        }
    }

    /** {@code addPod} with {@code pods} pods already on the bridge. */
    @Benchmark
    public Pod addPod(Pods s) throws NetnsException {
        return s.net.addPod(s.name);
    }
}
