package dev.netns.linux.ns;

import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import dev.netns.StrayThread;
import dev.netns.witness.Commands;
import dev.netns.witness.Ip;
import dev.netns.witness.Proc;
import dev.netns.linux.testing.TestNames;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import dev.netns.linux.testing.KernelTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** run/call from platform and virtual threads: inside during the task, back afterwards, whatever happens. */
@KernelTest
class ThreadSwitchTest {
    private static final String HOME = Proc.readlink("/proc/self/ns/net");

    @Test
    void platformThreadRunsInPlaceAndReturns() throws Exception {
        String before = Proc.currentThreadNetns();
        Thread caller = Thread.currentThread();
        try (NetworkNamespace ns = NetworkNamespaces.create()) {
            String inside = ns.call(() -> {
                assertSame(caller, Thread.currentThread(), "a platform caller runs the task itself");
                return Proc.currentThreadNetns();
            });
            assertEquals(ns.id().toString(), inside);
        }
        assertEquals(before, Proc.currentThreadNetns());
    }

    @Test
    void exceptionsPassThroughUnchangedAndTheThreadComesBack() throws Exception {
        try (NetworkNamespace ns = NetworkNamespaces.create()) {
            IOException checked = new IOException("boom");
            IOException thrown = assertThrows(IOException.class, () -> ns.run(() -> {
                throw checked;
            }));
            assertSame(checked, thrown);
            assertEquals(HOME, Proc.currentThreadNetns());

            IllegalArgumentException unchecked = new IllegalArgumentException("bad");
            assertSame(unchecked, assertThrows(IllegalArgumentException.class, () -> ns.call(() -> {
                throw unchecked;
            })));
            assertEquals(HOME, Proc.currentThreadNetns());

            StackOverflowError error = new StackOverflowError("deep");
            assertSame(error, assertThrows(StackOverflowError.class, () -> ns.run(() -> {
                throw error;
            })));
            assertEquals(HOME, Proc.currentThreadNetns());
        }
    }

    @Test
    void nestedCallsReturnStepByStep() throws Exception {
        try (NetworkNamespace a = NetworkNamespaces.create(); NetworkNamespace b = NetworkNamespaces.create()) {
            List<String> seen = a.call(() -> {
                List<String> s = new ArrayList<>();
                s.add(Proc.currentThreadNetns());
                s.add(b.call(Proc::currentThreadNetns));
                s.add(Proc.currentThreadNetns());
                return s;
            });
            assertEquals(List.of(a.id().toString(), b.id().toString(), a.id().toString()), seen);
            assertEquals(HOME, Proc.currentThreadNetns());
        }
    }

    @Test
    void virtualThreadsNeverEnterAndNoCarrierIsLeftInside() throws Exception {
        try (NetworkNamespace ns = NetworkNamespaces.create();
             ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> inside = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                inside.add(virtual.submit(() -> ns.call(() -> {
                    Thread.sleep(5); // block while inside: a carrier would be released here
                    return Proc.currentThreadNetns();
                })));
            }
            for (Future<String> f : inside) {
                assertEquals(ns.id().toString(), f.get(30, TimeUnit.SECONDS));
            }
            List<Future<String>> after = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                after.add(virtual.submit(Proc::currentThreadNetns));
            }
            for (Future<String> f : after) {
                assertEquals(HOME, f.get(30, TimeUnit.SECONDS), "a virtual thread found itself in a foreign namespace");
            }
        }
        assertEquals(List.of(), NetworkNamespaces.strayThreads(), "no JVM thread is left inside");
    }

    @Test
    void commonPoolIsUnaffected() throws Exception {
        try (NetworkNamespace ns = NetworkNamespaces.create()) {
            ns.run(() -> { });
            List<CompletableFuture<String>> seen = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                seen.add(CompletableFuture.supplyAsync(Proc::currentThreadNetns, ForkJoinPool.commonPool()));
            }
            for (CompletableFuture<String> f : seen) {
                assertEquals(HOME, f.get(30, TimeUnit.SECONDS));
            }
        }
        assertEquals(List.of(), NetworkNamespaces.strayThreads());
    }

    @Test
    void aThreadStartedInsideStaysInsideAndIsReportedAsStray() throws Exception {
        try (NetworkNamespace ns = NetworkNamespaces.create()) {
            AtomicReference<String> childNs = new AtomicReference<>();
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            Thread child = ns.call(() -> Thread.ofPlatform().name("born-inside").start(() -> {
                childNs.set(Proc.currentThreadNetns());
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (childNs.get() == null && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                assertEquals(ns.id().toString(), childNs.get(), "the kernel puts a new thread where its creator is");
                List<StrayThread> strays = NetworkNamespaces.strayThreads();
                assertTrue(strays.stream().anyMatch(s -> s.name().equals("born-inside") && s.namespace().equals(ns.id())),
                        "reported: " + strays);
            } finally {
                release.countDown();
                assertTrue(child.join(java.time.Duration.ofSeconds(10)), "the thread born inside ended");
            }
        }
    }

    @Test
    void socketsKeepTheirNamespaceOnAnyThread() throws Exception {
        String n = TestNames.OWNER.uniqueName("sock");
        try (NetworkNamespace ns = NetworkNamespaces.create(n); NetworkNamespace other = NetworkNamespaces.create()) {
            Commands.run("ip", "-n", n, "link", "set", "lo", "up");
            try (ServerSocket server = ns.call(() -> new ServerSocket(0, 10, InetAddress.getLoopbackAddress()))) {
                int port = server.getLocalPort();
                // a connection made from inside (on a virtual thread) reaches it ...
                try (ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
                    Future<Boolean> connected = virtual.submit(() -> ns.call(() -> {
                        try (Socket s = new Socket()) {
                            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
                            return s.isConnected();
                        }
                    }));
                    server.setSoTimeout(10_000);
                    try (Socket accepted = server.accept()) { // accepted here, on a thread in the home namespace
                        assertTrue(connected.get(10, TimeUnit.SECONDS));
                        assertNotEquals(null, accepted.getRemoteSocketAddress());
                    }
                }
                // ... from another namespace, 127.0.0.1 is somebody else's loopback (down there)
                IOException e = assertThrows(IOException.class, () -> other.run(() -> {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
                    }
                }));
                assertTrue(e.getMessage().contains("unreachable") || e.getMessage().contains("refused"), e.getMessage());
            }
            ns.delete();
        } finally {
            Ip.netnsDeleteIfPresent(n);
        }
    }
}
