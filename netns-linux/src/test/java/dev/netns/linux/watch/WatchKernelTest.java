package dev.netns.linux.watch;

import dev.netns.Neighbor;
import dev.netns.NetworkEvent;
import dev.netns.NetworkEvent.Action;
import dev.netns.NetworkEvent.AddressEvent;
import dev.netns.NetworkEvent.LinkEvent;
import dev.netns.NetworkEvent.NeighborEvent;
import dev.netns.NetworkEvent.RouteEvent;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkWatch;
import dev.netns.witness.Commands;
import dev.netns.linux.testing.KernelTest;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Watches against the real kernel, changes made by {@code ip} (another process, not the SDK):
 * the snapshot comes first, then each change once, typed as the rest of the API types them.
 */
@KernelTest
class WatchKernelTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final Set<NetworkEvent.Kind> ALL = EnumSet.of(NetworkEvent.Kind.LINK, NetworkEvent.Kind.ADDRESS,
            NetworkEvent.Kind.ROUTE);
    @AutoClose
    final MadeNamespaces namespaces = new MadeNamespaces();

    static void ip(NetworkNamespace ns, String... args) {
        List<String> command = new ArrayList<>(List.of("ip", "-n", ns.name().orElseThrow()));
        command.addAll(List.of(args));
        Commands.run(command.toArray(String[]::new));
    }

    static boolean link(NetworkEvent e, Action action, String name) {
        return e instanceof LinkEvent(var a, var l) && a == action && l.name().equals(name);
    }

    static boolean address(NetworkEvent e, Action action, String prefix) {
        return e instanceof AddressEvent(var a, var addr) && a == action && addr.prefix().toString().equals(prefix);
    }

    static boolean route(NetworkEvent e, Action action, String destination) {
        return e instanceof RouteEvent(var a, var r) && a == action && r.destination().toString().equals(destination);
    }

    @Test
    void snapshotComesFirstThenEveryChangeMadeByIp() throws Exception {
        try (NetworkNamespace ns = namespaces.create("ip")) {
            ip(ns, "link", "add", "d0", "type", "veth", "peer", "name", "p0");
            ip(ns, "link", "set", "p0", "up");
            ip(ns, "link", "set", "d0", "up");
            ip(ns, "addr", "add", "10.1.0.1/24", "dev", "d0");
            try (NetworkWatch watch = ns.watch(ALL)) {
                Recorder r = Recorder.unbounded();
                watch.subscribe(r);
                // the snapshot: lo, d0, its address and prefix route, all EXISTING and before any change
                r.await(e -> link(e, Action.EXISTING, "lo"), WAIT);
                r.await(e -> link(e, Action.EXISTING, "d0"), WAIT);
                r.await(e -> address(e, Action.EXISTING, "10.1.0.1/24"), WAIT);
                r.await(e -> route(e, Action.EXISTING, "10.1.0.0/24"), WAIT);

                ip(ns, "link", "set", "d0", "mtu", "1400");
                LinkEvent mtu = (LinkEvent) r.await(e -> link(e, Action.CHANGED, "d0"), WAIT);
                assertEquals(1400, mtu.link().mtu());

                ip(ns, "addr", "add", "10.2.0.1/24", "dev", "d0");
                r.await(e -> address(e, Action.ADDED, "10.2.0.1/24"), WAIT);
                ip(ns, "route", "add", "10.9.0.0/16", "via", "10.2.0.2");
                RouteEvent added = (RouteEvent) r.await(e -> route(e, Action.ADDED, "10.9.0.0/16"), WAIT);
                assertEquals("10.2.0.2", added.route().gateway().orElseThrow().getHostAddress());

                ip(ns, "link", "add", "br0", "type", "bridge");
                r.await(e -> link(e, Action.ADDED, "br0"), WAIT);
                ip(ns, "link", "set", "d0", "master", "br0");
                LinkEvent enslaved = (LinkEvent) r.await(e -> link(e, Action.CHANGED, "d0")
                        && ((LinkEvent) e).link().masterIndex().isPresent(), WAIT);
                assertTrue(enslaved.link().masterIndex().isPresent());

                // down: the kernel flushes the IPv4 routes over d0 without a word; the watch reads them again
                ip(ns, "link", "set", "d0", "down");
                LinkEvent down = (LinkEvent) r.await(e -> link(e, Action.CHANGED, "d0") && !((LinkEvent) e).link().isUp(), WAIT);
                assertFalse(down.link().isUp());
                r.await(e -> route(e, Action.REMOVED, "10.9.0.0/16"), WAIT);

                ip(ns, "link", "del", "d0");
                r.await(e -> link(e, Action.REMOVED, "d0"), WAIT);
                assertEquals(KernelState.links(ns.name().orElseThrow()), r.replica.links());
                assertEquals(KernelState.addresses(ns.name().orElseThrow()), r.replica.addresses());
                assertEquals(KernelState.routes(ns.name().orElseThrow()), r.replica.routes());
                assertEquals(0, r.overruns.get());
            }
        }
    }

    @Test
    void eachSubscriberGetsTheSnapshotOfItsOwnTimeAndOnlyWhatItRequests() throws Exception {
        try (NetworkNamespace ns = namespaces.create("demand");
             NetworkWatch watch = ns.watch(EnumSet.of(NetworkEvent.Kind.LINK))) {
            Recorder two = Recorder.requesting(2);
            watch.subscribe(two);
            ip(ns, "link", "add", "d1", "type", "bridge");
            two.await(e -> link(e, Action.EXISTING, "lo"), WAIT);
            two.await(e -> link(e, Action.ADDED, "d1"), WAIT);
            ip(ns, "link", "add", "d2", "type", "bridge");
            Thread.sleep(300);
            assertEquals(List.of(), two.drain(), "nothing beyond the demand of 2");
            two.subscription.request(1);
            two.await(e -> link(e, Action.ADDED, "d2"), WAIT);

            Recorder late = Recorder.unbounded();
            watch.subscribe(late);
            late.await(e -> link(e, Action.EXISTING, "d2"), WAIT);
            assertTrue(late.drain().stream().allMatch(e -> e instanceof LinkEvent(var a, var l) && a == Action.EXISTING));

            two.subscription.request(0);
            assertTrue(two.awaitEnd(WAIT));
            assertInstanceOf(IllegalArgumentException.class, two.error, "rule 3.9: non-positive demand is an error");
        }
    }

    @Test
    void aSubscriberThatThrowsIsCancelledAndTheOthersGoOn() throws Exception {
        try (NetworkNamespace ns = namespaces.create("throw");
             NetworkWatch watch = ns.watch(EnumSet.of(NetworkEvent.Kind.LINK))) {
            RuntimeException boom = new IllegalStateException("subscriber bug");
            Recorder thrower = Recorder.throwing(boom);
            Recorder healthy = Recorder.unbounded();
            watch.subscribe(thrower);
            watch.subscribe(healthy);
            assertTrue(thrower.awaitEnd(WAIT));
            assertEquals(boom, thrower.error);
            ip(ns, "link", "add", "d3", "type", "bridge");
            healthy.await(e -> link(e, Action.ADDED, "d3"), WAIT);
            assertFalse(watch.isClosed());
        }
    }

    @Test
    void neighboursAndForwardingEntriesAreWatchedToo() throws Exception {
        try (NetworkNamespace ns = namespaces.create("neigh")) {
            ip(ns, "link", "add", "d0", "type", "veth", "peer", "name", "p0");
            ip(ns, "neigh", "add", "10.1.0.7", "lladdr", "02:00:00:00:00:07", "dev", "d0", "nud", "permanent");
            try (NetworkWatch watch = ns.watch(EnumSet.of(NetworkEvent.Kind.NEIGHBOR))) {
                Recorder r = Recorder.unbounded();
                watch.subscribe(r);
                r.await(e -> neighbor(e, Action.EXISTING, "10.1.0.7"), WAIT);
                ip(ns, "neigh", "add", "10.1.0.8", "lladdr", "02:00:00:00:00:08", "dev", "d0", "nud", "permanent");
                r.await(e -> neighbor(e, Action.ADDED, "10.1.0.8"), WAIT);
                ip(ns, "neigh", "replace", "10.1.0.8", "lladdr", "02:00:00:00:00:09", "dev", "d0", "nud", "permanent");
                NeighborEvent changed = (NeighborEvent) r.await(e -> neighbor(e, Action.CHANGED, "10.1.0.8"), WAIT);
                assertEquals("02:00:00:00:00:09", changed.neighbor().macAddress().orElseThrow().toString());
                ip(ns, "neigh", "del", "10.1.0.7", "dev", "d0");
                r.await(e -> neighbor(e, Action.REMOVED, "10.1.0.7"), WAIT);

                ip(ns, "link", "add", "vx0", "type", "vxlan", "id", "42", "dstport", "4789", "nolearning");
                Commands.run("bridge", "-n", ns.name().orElseThrow(), "fdb", "append", "00:00:00:00:00:00", "dev", "vx0",
                        "dst", "192.168.7.2");
                r.await(e -> e instanceof NeighborEvent(var a, var n) && a == Action.ADDED
                        && n.kind() == Neighbor.Kind.FORWARDING
                        && n.address().map(x -> x.getHostAddress().equals("192.168.7.2")).orElse(false), WAIT);
                ip(ns, "link", "del", "d0");
                r.await(e -> neighbor(e, Action.REMOVED, "10.1.0.8"), WAIT);
            }
        }
    }

    static boolean neighbor(NetworkEvent e, Action action, String address) {
        return e instanceof NeighborEvent(var a, var n) && a == action && n.kind() == Neighbor.Kind.IP
                && n.address().map(x -> x.getHostAddress().equals(address)).orElse(false);
    }

    @Test
    void argumentsAreChecked() throws Exception {
        try (NetworkNamespace ns = namespaces.create("args")) {
            assertThrows(IllegalArgumentException.class, () -> ns.watch(Set.of()));
            assertThrows(IllegalArgumentException.class, () -> ns.watch(ALL, 0));
        }
    }
}
