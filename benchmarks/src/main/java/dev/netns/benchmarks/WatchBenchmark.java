package dev.netns.benchmarks;

import dev.netns.Bridge;
import dev.netns.NetnsException;
import dev.netns.NetworkEvent;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkWatch;
import dev.netns.witness.SandboxNode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.EnumSet;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Watches ({@code NetworkNamespace.watch}): how long a change takes to reach {@code onNext}, how
 * many changes per second a subscriber sees, and what opening a watch costs as the namespace grows
 * (the first snapshot is a dump of every link).
 *
 * {@snippet lang=shell :
 * java -jar benchmarks/target/benchmarks.jar WatchBenchmark -f 1 -wi 1 -i 3
 * }
 *
 * <p>Changes are MTU changes of one bridge made through the SDK's own socket; the watch has its
 * own socket and threads. Latency is measured from before the request is sent to the moment the
 * subscriber holds the event, so it includes the request's round trip (the kernel queues the
 * notification before it acknowledges the request).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class WatchBenchmark {
    static final int CHANGES = 500;

    /** Counts link events; the benchmark thread takes one permit per change it waits for. */
    static final class Counter implements Flow.Subscriber<NetworkEvent> {
        final Semaphore changes = new Semaphore(0);

        @Override
        public void onSubscribe(Flow.Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(NetworkEvent e) {
            if (e instanceof NetworkEvent.LinkEvent(var action, var link) && action == NetworkEvent.Action.CHANGED) {
                changes.release();
            }
        }

        @Override
        public void onError(Throwable t) {
            changes.release(Integer.MAX_VALUE / 2);
        }

        @Override
        public void onComplete() {
        }
    }

    /** A namespace with a bridge, watched by one subscriber. */
    @State(Scope.Thread)
    public static class Watched {
        SandboxNode sandbox;
        NetworkNamespace ns;
        NetworkWatch watch;
        Counter counter;
        int mtu = 1500;

        @Setup(Level.Trial)
        public void open() throws NetnsException {
            sandbox = Bench.sandbox();
            ns = sandbox.anonymous();
            ns.links().create(Bridge.builder().name("br0").build());
            watch = ns.watch(EnumSet.of(NetworkEvent.Kind.LINK));
            counter = new Counter();
            watch.subscribe(counter);
        }

        /** The next MTU, alternating so every request is a change. */
        int nextMtu() {
            mtu = mtu == 1500 ? 1400 : 1500;
            return mtu;
        }

        @TearDown(Level.Trial)
        public void close() throws NetnsException {
            watch.close();
            sandbox.close();
        }
    }

    /** One change, from sending the request to the subscriber's {@code onNext}. */
    @Benchmark
    public void changeToOnNext(Watched w) throws Exception {
        w.ns.links().setMtu("br0", w.nextMtu());
        if (!w.counter.changes.tryAcquire(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no event within 10 s");
        }
    }

    /** {@value #CHANGES} changes back to back, until the subscriber has seen them all (time per change). */
    @Benchmark
    @OperationsPerInvocation(CHANGES)
    public void changesSeen(Watched w) throws Exception {
        for (int i = 0; i < CHANGES; i++) {
            w.ns.links().setMtu("br0", w.nextMtu());
        }
        if (!w.counter.changes.tryAcquire(CHANGES, 30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("fewer than " + CHANGES + " events within 30 s");
        }
    }

    /** A namespace with {@code links} bridges, not yet watched. */
    @State(Scope.Thread)
    public static class Populated {
        @Param({"10", "1000"})
        int links;
        SandboxNode sandbox;
        NetworkNamespace ns;

        @Setup(Level.Trial)
        public void open() throws NetnsException {
            sandbox = Bench.sandbox();
            ns = sandbox.anonymous();
            for (int i = 1; i < links; i++) {
                ns.links().create(Bridge.builder().name("b" + i).build());
            }
        }

        @TearDown(Level.Trial)
        public void close() throws NetnsException {
            sandbox.close();
        }
    }

    /** Opening a watch (socket, groups, first snapshot) and closing it again. */
    @Benchmark
    public void openAndClose(Populated p) throws NetnsException {
        p.ns.watch(EnumSet.of(NetworkEvent.Kind.LINK)).close();
    }
}
