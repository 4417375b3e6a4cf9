package dev.netns.linux.watch;

import dev.netns.NetworkEvent;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import dev.netns.NetworkWatch;
import dev.netns.witness.Commands;
import dev.netns.witness.Ip;
import dev.netns.witness.Proc;
import dev.netns.linux.testing.KernelTest;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ends: close completes every subscriber, whatever it was doing, and leaves no descriptor and no
 * thread (witnessed in /proc); a namespace deleted under its watch ends the watch the same way.
 */
@KernelTest
class WatchLifecycleTest {
    @AutoClose
    final MadeNamespaces namespaces = new MadeNamespaces();

    /**
     * The sockets and namespace files this JVM holds open: what a watch or a handle could leak
     * (pipes of finished {@code ip} processes are closed whenever their streams are collected).
     */
    static Set<String> fdTargets() {
        Set<String> out = new HashSet<>(Proc.fdTargets());
        out.removeIf(t -> !t.startsWith("socket:") && !t.startsWith("net:"));
        return out;
    }

    /** Names of this JVM's live threads, from /proc (not the JDK's own bookkeeping). */
    static List<String> watchThreads() throws IOException {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : tasks) {
                try {
                    String comm = Files.readString(t.resolve("comm")).strip();
                    if (comm.startsWith("netns-watch")) {
                        out.add(comm);
                    }
                } catch (IOException e) {
                    // ended while we looked
                }
            }
        }
        return out;
    }

    /**
     * {@link #watchThreads()} once the threads have had up to 5 s to leave /proc: {@code close()} has
     * joined them, but the JVM wakes a joiner before the OS thread has finished exiting, so its task
     * can linger in /proc/self/task for a moment (seen under heavy load).
     */
    static List<String> watchThreadsAfterExit() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<String> left = watchThreads();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
            left = watchThreads();
        }
        return left;
    }

    @Test
    void closeCompletesEverySubscriberAndLeavesNoDescriptorOrThread() throws Exception {
        try (NetworkNamespace ns = namespaces.create("close")) {
            Set<String> before = fdTargets();
            NetworkWatch watch = ns.watch(WatchKernelTest.ALL);
            Recorder idle = Recorder.requesting(0);
            Recorder eager = Recorder.unbounded();
            Recorder slow = Recorder.slow(Duration.ofMillis(50));
            watch.subscribe(idle);
            watch.subscribe(eager);
            watch.subscribe(slow);
            eager.await(e -> e instanceof NetworkEvent.LinkEvent, WatchKernelTest.WAIT);
            slow.await(e -> e instanceof NetworkEvent.LinkEvent, WatchKernelTest.WAIT);
            assertFalse(watchThreads().isEmpty(), "reader and delivery threads run while the watch is open");
            Set<String> open = fdTargets();
            open.removeAll(before);
            assertTrue(open.stream().anyMatch(t -> t.startsWith("socket:")), "the watch has a socket: " + open);

            watch.close();
            for (Recorder r : List.of(idle, eager, slow)) {
                assertTrue(r.awaitEnd(Duration.ofSeconds(5)));
                assertTrue(r.completed);
                assertNull(r.error);
            }
            assertEquals(List.of(), watchThreadsAfterExit());
            Set<String> left = fdTargets();
            left.removeAll(before);
            assertEquals(Set.of(), left);
            assertTrue(watch.isClosed());
            watch.close(); // idempotent

            Recorder late = Recorder.unbounded();
            watch.subscribe(late);
            assertTrue(late.awaitEnd(Duration.ofSeconds(5)));
            assertTrue(late.completed, "a subscriber after close is completed at once");
        }
    }

    @Test
    void watchThreadsRunInTheProcesssOwnNamespaceWhereverTheWatchWasOpened() throws Exception {
        try (NetworkNamespace watched = namespaces.create("watched");
             NetworkNamespace elsewhere = namespaces.create("elsewhere")) {
            // opened from a thread inside another namespace, and from a virtual thread
            NetworkWatch fromInside = elsewhere.call(() -> watched.watch(WatchKernelTest.ALL));
            NetworkWatch fromVirtual;
            try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                fromVirtual = executor.submit(() -> watched.watch(WatchKernelTest.ALL)).get();
            }
            try (fromInside; fromVirtual) {
                Recorder a = Recorder.unbounded();
                Recorder b = Recorder.unbounded();
                fromInside.subscribe(a);
                fromVirtual.subscribe(b);
                a.await(e -> e instanceof NetworkEvent.LinkEvent, WatchKernelTest.WAIT);
                b.await(e -> e instanceof NetworkEvent.LinkEvent, WatchKernelTest.WAIT);
                assertFalse(watchThreads().isEmpty());
                assertEquals(List.of(), NetworkNamespaces.strayThreads().stream()
                        .filter(t -> t.name().startsWith("netns-watch")).toList(), "no watch thread sits in a namespace");
            }
        }
    }

    @Test
    void cancelEndsOnlyThatSubscriber() throws Exception {
        try (NetworkNamespace ns = namespaces.create("cancel");
             NetworkWatch watch = ns.watch(EnumSet.of(NetworkEvent.Kind.LINK))) {
            Recorder a = Recorder.unbounded();
            Recorder b = Recorder.unbounded();
            watch.subscribe(a);
            watch.subscribe(b);
            a.await(e -> true, WatchKernelTest.WAIT);
            a.subscription.cancel();
            a.deliveryThread.join(5_000);
            assertFalse(a.deliveryThread.isAlive(), "a cancelled subscription's thread ends");
            Commands.run("ip", "-n", ns.name().orElseThrow(), "link", "add", "x0", "type", "bridge");
            b.await(e -> WatchKernelTest.link(e, NetworkEvent.Action.ADDED, "x0"), WatchKernelTest.WAIT);
            assertFalse(a.completed, "no onComplete after cancel");
            assertTrue(a.drain().stream().noneMatch(e -> WatchKernelTest.link(e, NetworkEvent.Action.ADDED, "x0")));
        }
    }

    @Test
    void deletingTheNamespaceEndsItsWatchesCleanly() throws Exception {
        NetworkNamespace ns = namespaces.create("deleted");
        String name = ns.name().orElseThrow();
        Set<String> before = fdTargets();
        NetworkWatch watch = ns.watch(WatchKernelTest.ALL);
        Recorder r = Recorder.unbounded();
        watch.subscribe(r);
        r.await(e -> e instanceof NetworkEvent.LinkEvent, WatchKernelTest.WAIT);
        ns.delete();
        assertTrue(r.awaitEnd(Duration.ofSeconds(5)));
        assertTrue(r.completed);
        assertNull(r.error);
        assertTrue(watch.isClosed());
        assertFalse(Ip.netnsList().contains(name));
        assertEquals(List.of(), watchThreadsAfterExit());
        Set<String> left = fdTargets();
        left.removeAll(before);
        assertEquals(Set.of(), left, "neither the watch's socket nor the namespace handle is left");
    }
}
