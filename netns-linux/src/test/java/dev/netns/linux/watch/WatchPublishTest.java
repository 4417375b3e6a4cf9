package dev.netns.linux.watch;

import dev.netns.NetworkEvent;
import dev.netns.linux.netlink.NetlinkMessage;
import dev.netns.linux.rtnl.Rtnl;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.netns.linux.watch.Messages.done;
import static dev.netns.linux.watch.Messages.reply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * How a watch hands a list of events to a subscriber that overruns in its middle, with the kernel
 * scripted and the reader thread held back (the test drives the route re-reads itself): the
 * snapshot after {@code Overrun} already holds the rest of the list, so the rest must not follow it.
 */
class WatchPublishTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** IPv4 route dumps answer none, then five routes, then six; IPv6 ones none. */
    private static ScriptedSocket kernel() {
        int[] ipv4Dumps = {0};
        return new ScriptedSocket((request, seq) -> {
            List<NetlinkMessage> replies = new ArrayList<>();
            if (request.type() == Rtnl.RTM_GETROUTE && request.body()[0] == Rtnl.AF_INET) {
                int routes = new int[] {0, 5, 6}[Math.min(ipv4Dumps[0]++, 2)];
                for (int i = 1; i <= routes; i++) {
                    replies.add(reply(seq, Rtnl.RTM_NEWROUTE, Messages.route("10.0." + i + ".0/24", 254, 0, 2), false));
                }
            }
            replies.add(done(seq));
            return List.of(replies);
        });
    }

    @Test
    void aSubscriberOverrunInTheMiddleOfAListGetsTheRestOnlyInItsSnapshot() throws Exception {
        AtomicInteger made = new AtomicInteger();
        // the first thread is the watch's reader: held back, so nothing reads the scripted socket but the test
        ThreadFactory threads = r -> made.getAndIncrement() == 0 ? new Thread(() -> { })
                : Thread.ofPlatform().daemon().name("watch-publish-test").unstarted(r);
        try (LinuxNetworkWatch watch = LinuxNetworkWatch.start(kernel(), "t", EnumSet.of(NetworkEvent.Kind.ROUTE), 2,
                threads, w -> { })) {
            Recorder r = Recorder.requesting(0);
            watch.subscribe(r);
            watch.reconcileRoutes(); // five routes appear at once: five ADDED for a buffer of two
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (r.subscription == null && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertNotNull(r.subscription, "onSubscribe within " + WAIT);
            r.subscription.request(Long.MAX_VALUE);
            r.await(e -> e instanceof NetworkEvent.Overrun, WAIT);
            for (int i = 0; i < 5; i++) {
                r.await(e -> e instanceof NetworkEvent.RouteEvent re && re.action() == NetworkEvent.Action.EXISTING, WAIT);
            }
            watch.reconcileRoutes(); // a sixth: the next event must be its ADDED, nothing of the five again
            NetworkEvent next = r.await(e -> true, WAIT);
            assertEquals(NetworkEvent.Action.ADDED, ((NetworkEvent.RouteEvent) next).action(), "after the snapshot: " + next);
            assertEquals("10.0.6.0/24", ((NetworkEvent.RouteEvent) next).route().destination().toString());
            assertEquals(List.of("10.0.1.0/24 via - dev 2", "10.0.2.0/24 via - dev 2", "10.0.3.0/24 via - dev 2",
                    "10.0.4.0/24 via - dev 2", "10.0.5.0/24 via - dev 2", "10.0.6.0/24 via - dev 2"), List.copyOf(r.replica.routes()),
                    "each route once in a replica that counts them");
        }
    }
}
