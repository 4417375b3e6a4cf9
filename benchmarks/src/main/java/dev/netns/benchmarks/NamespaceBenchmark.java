package dev.netns.benchmarks;

import dev.netns.NamespaceId;
import dev.netns.NetnsException;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import dev.netns.witness.Owner;
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

import java.util.concurrent.TimeUnit;

/**
 * Creating and deleting namespaces: anonymous (unshare, no mount) and named (iproute2-compatible
 * bind mount under {@code /run/netns}).
 *
 * {@snippet lang=shell :
 * java -jar benchmarks/target/benchmarks.jar NamespaceBenchmark
 * }
 *
 * <p>Each invocation works on a fresh name; the namespace an invocation created is deleted, and
 * the one it deletes created, in per-invocation setup and teardown, outside the measured region.
 * The operations take hundreds of microseconds, so JMH's per-invocation bookkeeping (a few
 * hundred nanoseconds) stays far below the resolution that matters here.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Thread)
public class NamespaceBenchmark {

    @Setup(Level.Trial)
    public void sweep() throws NetnsException {
        Bench.OWNER.sweep();
    }

    @TearDown(Level.Trial)
    public void removeEverything() throws NetnsException {
        Bench.OWNER.deleteOwn();
    }

    /** A fresh name for {@link #namedCreate}; what it created is deleted afterwards. */
    @State(Scope.Thread)
    public static class ToCreate extends NameToCreate {
        @Override
        protected String stem() {
            return "create";
        }
    }

    /** A named namespace for {@link #namedDelete} to delete. */
    @State(Scope.Thread)
    public static class ToDelete {
        String name;

        @Setup(Level.Invocation)
        public void create() throws NetnsException {
            name = Bench.OWNER.uniqueName("delete");
            NetworkNamespaces.create(name).close();
        }

        @TearDown(Level.Invocation)
        public void sweep() throws NetnsException {
            Owner.deleteIfPresent(name); // only if the benchmark failed half-way
        }
    }

    /** {@code unshare(CLONE_NEWNET)} on a thread, keep its fd, close the handle: the kernel frees the namespace. */
    @Benchmark
    public NamespaceId anonymousCreateRelease() throws NetnsException {
        try (NetworkNamespace ns = NetworkNamespaces.create()) {
            return ns.id();
        }
    }

    /** {@code ip netns add NAME}, returning an open handle. */
    @Benchmark
    public NetworkNamespace namedCreate(ToCreate s) throws NetnsException {
        s.created = NetworkNamespaces.create(s.name);
        return s.created;
    }

    /** {@code ip netns del NAME}. */
    @Benchmark
    public void namedDelete(ToDelete s) throws NetnsException {
        NetworkNamespaces.delete(s.name);
    }
}
