package dev.netns.benchmarks;

import dev.netns.NetnsException;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import dev.netns.witness.SandboxNode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * Running code inside a namespace: the in-place {@code setns} round trip of a platform thread, the
 * hand-off to a worker thread that a virtual thread needs, and opening a socket inside.
 *
 * {@snippet lang=shell :
 * java -jar benchmarks/target/benchmarks.jar JoinBenchmark
 * }
 *
 * <p>JMH's benchmark threads are platform threads, so {@link #platformCall} is the in-place path.
 * {@link #rawSetnsRoundTrip} is the floor under it: the two {@code setns} calls and nothing else,
 * which is what the C reference measures, and the {@code wayBack…} benchmarks what {@code call()}
 * adds to it: finding out which namespace to return to. These three call libc through the
 * benchmark's own FFM downcalls ({@link RawCalls}). The target is an anonymous namespace of this trial.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Thread)
public class JoinBenchmark {
    /** Calls per virtual thread in {@link #virtualCall}: starting and joining the thread is paid once per batch. */
    static final int VIRTUAL_BATCH = 100;

    private SandboxNode sandbox;
    private NetworkNamespace target;
    private NetworkNamespace home;
    private int targetFd;
    private int homeFd;
    private int pidfd;

    @Setup(Level.Trial)
    public void open() throws NetnsException {
        sandbox = Bench.sandbox();
        target = sandbox.anonymous();
        home = NetworkNamespaces.current();
        // descriptors of this benchmark's own for the raw floor, opened through the handles' paths
        targetFd = RawCalls.open(RawCalls.path(target.path().toString()));
        homeFd = RawCalls.open(RawCalls.path(home.path().toString()));
        pidfd = RawCalls.pidfdOpen(RawCalls.gettid(), RawCalls.PIDFD_THREAD);
    }

    @TearDown(Level.Trial)
    public void close() throws NetnsException {
        RawCalls.close(pidfd);
        RawCalls.close(targetFd);
        RawCalls.close(homeFd);
        home.close();
        sandbox.close();
    }

    /** The floor: {@code setns(target); setns(home)}, as the C reference does it. */
    @Benchmark
    public void rawSetnsRoundTrip() {
        RawCalls.setns(targetFd, RawCalls.CLONE_NEWNET);
        RawCalls.setns(homeFd, RawCalls.CLONE_NEWNET);
    }

    /**
     * The way back as {@link #platformCall} finds it: one ioctl on the thread's own pidfd
     * ({@code PIDFD_GET_NET_NAMESPACE}, Linux 6.11) giving a descriptor of its namespace, closed
     * after the return.
     */
    @Benchmark
    public void wayBackPidfd() {
        RawCalls.close(RawCalls.ioctl(pidfd, RawCalls.PIDFD_GET_NET_NAMESPACE));
    }

    /** The way back through procfs, where pidfds are missing: open and close {@code /proc/thread-self/ns/net}, a path walk. */
    @Benchmark
    public void wayBackProcfs() {
        RawCalls.close(RawCalls.open(RawCalls.threadNetns()));
    }

    /** {@code ns.call(task)} from a platform thread: enter in place, run, return. */
    @Benchmark
    public int platformCall() throws NetnsException {
        return target.call(() -> 42);
    }

    /**
     * {@code ns.call(task)} from a virtual thread: the task goes to a platform worker, which enters,
     * runs, returns, and hands the result back. One virtual thread makes {@value #VIRTUAL_BATCH}
     * calls, so the score is the per-call cost (percentiles are of batch averages).
     */
    @Benchmark
    @OperationsPerInvocation(VIRTUAL_BATCH)
    public void virtualCall(Blackhole bh) throws Exception {
        Exception[] failure = new Exception[1];
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < VIRTUAL_BATCH; i++) {
                    bh.consume(target.call(() -> 42));
                }
            } catch (NetnsException | RuntimeException e) {
                failure[0] = e;
            }
        });
        t.join();
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    /** Opening (and closing) a TCP socket inside the namespace: the socket belongs to it for life. */
    @Benchmark
    public void openSocketInside() throws IOException {
        SocketChannel ch = target.call(SocketChannel::open);
        ch.close();
    }

    /** The same socket opened and closed where the thread already is, for comparison. */
    @Benchmark
    public void openSocketHere() throws IOException {
        SocketChannel.open().close();
    }
}
