package dev.netns.linux.watch;

import dev.netns.NetworkEvent;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkWatch;
import dev.netns.linux.ns.LinuxNetworkNamespace;
import dev.netns.witness.Commands;
import dev.netns.linux.testing.KernelTest;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loss is never silent: a subscriber far too slow for thousands of changes, and a kernel socket
 * that overflows, both end with a subscriber whose replayed events equal the kernel's final state
 * as {@code ip -j} reports it, through {@code Overrun} and fresh snapshots.
 */
@KernelTest
class WatchOverrunTest {
    @AutoClose
    final MadeNamespaces namespaces = new MadeNamespaces();

    /**
     * An {@code ip -batch} script of about 12 changes per pair: veth pairs made, brought up, given
     * IPv4 and IPv6 addresses and routes, renumbered, some brought down (their IPv4 routes are
     * flushed silently), some deleted.
     */
    static Path batch(int pairs) throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < pairs; i++) {
            String v = "v" + i;
            int hi = i / 200;
            int lo = i % 200;
            b.append("link add ").append(v).append(" type veth peer name p").append(i).append('\n');
            b.append("link set ").append(v).append(" up\n");
            b.append("link set p").append(i).append(" up\n");
            b.append("addr add 10.").append(hi).append('.').append(lo).append(".1/24 dev ").append(v).append('\n');
            b.append("addr add fd00:").append(i).append("::1/64 dev ").append(v).append(" nodad\n");
            b.append("route add 10.100.").append(lo).append('.').append(hi * 16).append("/28 via 10.").append(hi).append('.')
                    .append(lo).append(".2\n");
            b.append("route add fd01:").append(i).append("::/64 via fd00:").append(i).append("::2\n");
            b.append("link set ").append(v).append(" mtu ").append(1300 + i % 100).append('\n');
            b.append("addr add 10.").append(hi + 50).append('.').append(lo).append(".1/24 dev ").append(v).append('\n');
            b.append("addr del 10.").append(hi).append('.').append(lo).append(".1/24 dev ").append(v).append('\n');
            if (i % 3 == 0) {
                b.append("link set ").append(v).append(" down\n");
            }
            if (i % 5 == 0) {
                b.append("link del ").append(v).append('\n');
            }
        }
        Path file = Files.createTempFile("watch", ".batch");
        Files.writeString(file, b.toString());
        return file;
    }

    static void runBatch(NetworkNamespace ns, Path script) throws Exception {
        try {
            Commands.run("ip", "-n", ns.name().orElseThrow(), "-batch", script.toString());
        } finally {
            Files.deleteIfExists(script);
        }
    }

    /** Waits until the replica equals {@code ip -j}'s view; fails showing the difference. */
    static void assertConverges(Recorder r, String ns, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            var links = KernelState.links(ns);
            var addresses = KernelState.addresses(ns);
            var routes = KernelState.routes(ns);
            if (links.equals(r.replica.links()) && addresses.equals(r.replica.addresses())
                    && routes.equals(r.replica.routes())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                assertEquals(links, r.replica.links(), "links");
                assertEquals(addresses, r.replica.addresses(), "addresses");
                assertEquals(routes, r.replica.routes(), "routes");
            }
            Thread.sleep(200);
        }
    }

    @Test
    void aSlowSubscriberRebuildsTheFinalStateOfThousandsOfChanges() throws Exception {
        try (NetworkNamespace ns = namespaces.create("slow");
             NetworkWatch watch = ns.watch(WatchKernelTest.ALL, 64)) {
            Recorder slow = Recorder.slow(Duration.ofNanos(300_000));
            Recorder fast = Recorder.unbounded();
            watch.subscribe(slow);
            watch.subscribe(fast);
            runBatch(ns, batch(250));
            assertConverges(fast, ns.name().orElseThrow(), Duration.ofSeconds(30));
            assertConverges(slow, ns.name().orElseThrow(), Duration.ofSeconds(90));
            assertTrue(slow.overruns.get() > 0, "the slow subscriber must have fallen behind at least once");
            // the fast one may be overrun too on a busy machine (64 is small); either way it converged
        }
    }

    @Test
    void whenTheKernelDropsNotificationsEverySubscriberGetsOverrunAndAFreshSnapshot() throws Exception {
        try (LinuxNetworkNamespace ns = (LinuxNetworkNamespace) namespaces.create("enobufs")) {
            // a small receive queue, and the reader held up while ip fills it
            var socket = ns.call(() -> LinuxNetworkWatch.openSocket(WatchKernelTest.ALL, "enobufs", 8 * 1024));
            try (LinuxNetworkWatch watch = LinuxNetworkWatch.start(socket, "enobufs", WatchKernelTest.ALL, 100_000,
                    Thread.ofPlatform().daemon().name("netns-watch-test-", 1).factory(), w -> { })) {
                Recorder r = Recorder.unbounded();
                watch.subscribe(r);
                r.await(e -> e instanceof NetworkEvent.LinkEvent, WatchKernelTest.WAIT);
                watch.lock.lock();
                try {
                    runBatch(ns, batch(40));
                } finally {
                    watch.lock.unlock();
                }
                r.await(e -> e instanceof NetworkEvent.Overrun, WatchKernelTest.WAIT);
                assertConverges(r, ns.name().orElseThrow(), Duration.ofSeconds(30));
            }
        }
    }
}
