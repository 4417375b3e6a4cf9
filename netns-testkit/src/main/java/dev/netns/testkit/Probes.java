package dev.netns.testkit;

import dev.netns.NetnsException;
import dev.netns.NetworkNamespace;
import dev.netns.Pod;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Traffic assertions and samples between namespaces, on Netty NIO: the client socket is created in
 * the source namespace ({@link NamespaceChannelFactory}) and served by the testkit's shared event
 * loop. Every wait is bounded: a probe that expects an answer waits up to
 * {@value #REACHABLE_TIMEOUT_MILLIS} ms (a reachable peer answers in far less; the margin is for a
 * loaded machine), one that expects none waits {@value #UNREACHABLE_TIMEOUT_MILLIS} ms, unless a
 * timeout is given; samples have a total budget of {@value #BUDGET_SECONDS} s. Failures are
 * {@link AssertionError}s naming the source namespace, the destination, the port and the error.
 *
 * {@snippet :
 * try (EchoServer echo = EchoServer.tcp(b.namespace(), 7)) {
 *     Probes.assertReachable(a.namespace(), b.address(), 7);
 *     Probes.assertUnreachable(a.namespace(), b.address(), 8);     // nothing listens there
 *     RttSample rtt = Probes.rtt(a.namespace(), b.address(), 7, 100);
 *     ThroughputSample tp = Probes.throughput(a.namespace(), b.address(), 7, 64 << 20);
 * }
 * }
 *
 * <p>The samples are for looking at (print them, compare them by eye); timing assertions belong in
 * benchmarks, where noise is controlled.
 */
public final class Probes {
    /** How long a probe that expects an answer waits by default, in milliseconds. */
    public static final long REACHABLE_TIMEOUT_MILLIS = 5_000;
    /** How long a probe that expects no answer waits by default, in milliseconds. */
    public static final long UNREACHABLE_TIMEOUT_MILLIS = 1_000;
    /** The most any sample may take, in seconds. */
    public static final long BUDGET_SECONDS = 30;
    /** The most round trips one {@link #rtt} sample may ask for. */
    public static final int MAX_ROUNDS = 100_000;
    /** The most bytes one {@link #throughput} sample may ask for (1 GiB). */
    public static final long MAX_BYTES = 1L << 30;

    private static final Duration REACHABLE = Duration.ofMillis(REACHABLE_TIMEOUT_MILLIS);
    private static final Duration UNREACHABLE = Duration.ofMillis(UNREACHABLE_TIMEOUT_MILLIS);
    private static final int RTT_MESSAGE = 32;
    private static final int CHUNK = 64 * 1024;
    private static final byte[] DATA = new byte[CHUNK];

    private Probes() {
    }

    /** Asserts that a TCP connection from {@code from} to {@code to:port} succeeds within 5 s. */
    public static void assertReachable(NetworkNamespace from, InetAddress to, int port) throws NetnsException {
        assertReachable(from, to, port, REACHABLE);
    }

    /** Asserts that pod {@code to} accepts a TCP connection from pod {@code from} on {@code port} within 5 s. */
    public static void assertReachable(Pod from, Pod to, int port) throws NetnsException {
        assertReachable(from.namespace(), to.address(), port, REACHABLE);
    }

    /** Asserts that a TCP connection from {@code from} to {@code to:port} succeeds within {@code timeout}. */
    public static void assertReachable(NetworkNamespace from, InetAddress to, int port, Duration timeout) throws NetnsException {
        InetSocketAddress dst = destination(to, port);
        try {
            ProbeClient.connect(from, dst, checkTimeout(timeout), new ProbeClient.Collector()).close()
                    .awaitUninterruptibly(5, TimeUnit.SECONDS);
        } catch (ProbeClient.Failure f) {
            throw new AssertionError("TCP " + ProbeClient.endpoint(dst) + " is not reachable from namespace "
                    + Labels.of(from) + ": " + f.getMessage(), f.getCause());
        }
    }

    /** Asserts that no TCP connection from {@code from} to {@code to:port} succeeds within 1 s. */
    public static void assertUnreachable(NetworkNamespace from, InetAddress to, int port) throws NetnsException {
        assertUnreachable(from, to, port, UNREACHABLE);
    }

    /** Asserts that pod {@code from} cannot open a TCP connection to pod {@code to} on {@code port} within 1 s. */
    public static void assertUnreachable(Pod from, Pod to, int port) throws NetnsException {
        assertUnreachable(from.namespace(), to.address(), port, UNREACHABLE);
    }

    /**
     * Asserts that no TCP connection from {@code from} to {@code to:port} succeeds within
     * {@code timeout}: refused, no route, or no answer all count as unreachable.
     */
    public static void assertUnreachable(NetworkNamespace from, InetAddress to, int port, Duration timeout) throws NetnsException {
        InetSocketAddress dst = destination(to, port);
        Channel ch;
        try {
            ch = ProbeClient.connect(from, dst, checkTimeout(timeout), new ProbeClient.Collector());
        } catch (ProbeClient.Failure expected) {
            return;
        }
        ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        throw new AssertionError("TCP " + ProbeClient.endpoint(dst) + " is reachable from namespace " + Labels.of(from)
                + " (connected from " + ch.localAddress() + "), but should not be");
    }

    /** Asserts that a UDP datagram from {@code from} to {@code to:port} comes back echoed within 5 s. */
    public static void assertUdpEcho(NetworkNamespace from, InetAddress to, int port) throws NetnsException {
        assertUdpEcho(from, to, port, REACHABLE);
    }

    /** Asserts that a UDP datagram from {@code from} to {@code to:port} comes back echoed within {@code timeout}. */
    public static void assertUdpEcho(NetworkNamespace from, InetAddress to, int port, Duration timeout) throws NetnsException {
        InetSocketAddress dst = destination(to, port);
        try {
            ProbeClient.udpEcho(from, dst, checkTimeout(timeout));
        } catch (ProbeClient.Failure f) {
            throw new AssertionError("UDP " + ProbeClient.endpoint(dst) + " did not echo a datagram sent from namespace "
                    + Labels.of(from) + ": " + f.getMessage(), f.getCause());
        }
    }

    /** Asserts that a UDP datagram from {@code from} to {@code to:port} gets no echo within 1 s. */
    public static void assertNoUdpEcho(NetworkNamespace from, InetAddress to, int port) throws NetnsException {
        assertNoUdpEcho(from, to, port, UNREACHABLE);
    }

    /** Asserts that a UDP datagram from {@code from} to {@code to:port} gets no echo within {@code timeout}. */
    public static void assertNoUdpEcho(NetworkNamespace from, InetAddress to, int port, Duration timeout) throws NetnsException {
        InetSocketAddress dst = destination(to, port);
        try {
            ProbeClient.udpEcho(from, dst, checkTimeout(timeout));
        } catch (ProbeClient.Failure expected) {
            return;
        }
        throw new AssertionError("UDP " + ProbeClient.endpoint(dst) + " echoed a datagram sent from namespace "
                + Labels.of(from) + ", but should not be reachable");
    }

    /**
     * Measures {@code rounds} sequential round trips of a 32-byte message over one TCP connection to an
     * {@link EchoServer}. Fails if the connection fails, a reply takes longer than 5 s, or the whole
     * sample longer than {@value #BUDGET_SECONDS} s.
     *
     * @param rounds 1 to {@value #MAX_ROUNDS}
     */
    public static RttSample rtt(NetworkNamespace from, InetAddress to, int port, int rounds) throws NetnsException {
        if (rounds < 1 || rounds > MAX_ROUNDS) {
            throw new IllegalArgumentException("rounds must be 1 to " + MAX_ROUNDS + ", not " + rounds);
        }
        InetSocketAddress dst = destination(to, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BUDGET_SECONDS);
        ProbeClient.Collector collector = new ProbeClient.Collector();
        List<Duration> samples = new ArrayList<>(rounds);
        Channel ch = null;
        try {
            ch = ProbeClient.connect(from, dst, REACHABLE, collector);
            byte[] message = new byte[RTT_MESSAGE];
            for (int i = 0; i < rounds; i++) {
                if (System.nanoTime() > deadline) {
                    throw new ProbeClient.Failure("the sample exceeded its " + BUDGET_SECONDS + " s budget after " + i
                            + " round trips", null);
                }
                CompletableFuture<Void> echoed = collector.expect(RTT_MESSAGE);
                long start = System.nanoTime();
                ch.writeAndFlush(Unpooled.wrappedBuffer(message));
                ProbeClient.await(echoed, REACHABLE, "no echo within " + REACHABLE_TIMEOUT_MILLIS + " ms in round " + (i + 1));
                samples.add(Duration.ofNanos(System.nanoTime() - start));
            }
        } catch (ProbeClient.Failure f) {
            throw new AssertionError("RTT sample to TCP " + ProbeClient.endpoint(dst) + " from namespace "
                    + Labels.of(from) + " failed: " + f.getMessage(), f.getCause());
        } finally {
            if (ch != null) {
                ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
        }
        return new RttSample(samples);
    }

    /**
     * Sends {@code bytes} over one TCP connection to an {@link EchoServer} as fast as the connection
     * takes them and waits until all came back. Fails if the connection fails or the transfer takes
     * longer than {@value #BUDGET_SECONDS} s.
     *
     * @param bytes 1 to {@value #MAX_BYTES}
     */
    public static ThroughputSample throughput(NetworkNamespace from, InetAddress to, int port, long bytes) throws NetnsException {
        if (bytes < 1 || bytes > MAX_BYTES) {
            throw new IllegalArgumentException("bytes must be 1 to " + MAX_BYTES + ", not " + bytes);
        }
        InetSocketAddress dst = destination(to, port);
        ProbeClient.Collector collector = new ProbeClient.Collector();
        Channel ch = null;
        try {
            ch = ProbeClient.connect(from, dst, REACHABLE, collector);
            CompletableFuture<Void> echoed = collector.expect(bytes);
            Channel channel = ch;
            long[] remaining = {bytes}; // touched only on the event loop
            Runnable pump = () -> {
                // write while the channel takes more; the collector calls again when it drains
                while (remaining[0] > 0 && channel.isWritable()) {
                    int n = (int) Math.min(CHUNK, remaining[0]);
                    channel.write(Unpooled.wrappedBuffer(DATA, 0, n));
                    remaining[0] -= n;
                }
                channel.flush();
            };
            collector.onWritable(pump);
            long start = System.nanoTime();
            ch.eventLoop().execute(pump);
            ProbeClient.await(echoed, Duration.ofSeconds(BUDGET_SECONDS), "not all bytes came back within "
                    + BUDGET_SECONDS + " s");
            return new ThroughputSample(bytes, Duration.ofNanos(Math.max(1, System.nanoTime() - start)));
        } catch (ProbeClient.Failure f) {
            throw new AssertionError("throughput sample of " + bytes + " bytes to TCP " + ProbeClient.endpoint(dst)
                    + " from namespace " + Labels.of(from) + " failed: " + f.getMessage(), f.getCause());
        } finally {
            if (ch != null) {
                ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
        }
    }

    private static InetSocketAddress destination(InetAddress to, int port) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1 to 65535, not " + port);
        }
        return new InetSocketAddress(to, port);
    }

    private static Duration checkTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofSeconds(BUDGET_SECONDS)) > 0) {
            throw new IllegalArgumentException("timeout must be positive and at most " + BUDGET_SECONDS + " s, not " + timeout);
        }
        return timeout;
    }
}
