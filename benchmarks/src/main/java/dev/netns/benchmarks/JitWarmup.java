package dev.netns.benchmarks;

import dev.netns.NetnsException;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import dev.netns.PodNetwork;

import java.time.Duration;

/**
 * Brings the SDK's pod and netlink code to compiled steady state before a trial measures it.
 *
 * <p>The millisecond operations cannot warm themselves up in reasonable time: next to a teardown
 * that waits ~30 ms for an RCU grace period, {@code addPod} runs only a few dozen times a second,
 * while HotSpot compiles a method with C2 after some thousands of calls. In a smoke run {@code addPod}
 * measured 2.6 ms after 8 s of warm-up iterations and 1.6 ms after 50 s. This warm-up does the
 * same work where cleaning up is cheap: networks of {@value #PODS} pods, added one by one and torn
 * down with one batched {@link PodNetwork#close()}, several hundred pods a second.
 *
 * {@snippet :
 * @Setup(Level.Trial)
 * public void open() throws NetnsException {
 *     JitWarmup.pods();       // bench.jitWarmup seconds, 10 by default
 *     ...
 * }
 * }
 *
 * <p>Its duration comes from the system property {@code bench.jitWarmup} (seconds; {@code Bench}
 * passes 2 in quick mode), bounded to 120 s.
 */
public final class JitWarmup {
    static final int PODS = 50;
    private static final long MAX_SECONDS = 120;

    private JitWarmup() {
    }

    /** Adds and closes pod networks in fresh anonymous node namespaces for the configured time. */
    public static void pods() throws NetnsException {
        long seconds = Math.min(MAX_SECONDS, Long.getLong("bench.jitWarmup", 10));
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (System.nanoTime() - end < 0) {
            try (NetworkNamespace node = NetworkNamespaces.create()) {
                PodNetwork net = PodBenchmark.network(node);
                try {
                    for (int i = 0; i < PODS; i++) {
                        net.addPod("w" + i);
                    }
                } finally {
                    net.close();
                }
            }
        }
    }
}
