package dev.netns.testkit;

import dev.netns.witness.Commands;
import dev.netns.witness.Ip;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The leak check fails tests that leave namespaces, descriptors, links or threads behind, and only those. */
@KernelTest
class LeakDetectorTest {
    static final String LEAKED_NAME = "leak-" + ProcessHandle.current().pid() + "-ns";
    static volatile NetworkNamespace leakedHandle;
    static final CountDownLatch RELEASE = new CountDownLatch(1);
    static volatile Thread leakedThread;
    static volatile dev.netns.NamespaceId leakedThreadNamespace;
    static volatile String linkNamespace;

    @AfterEach
    void undoLeaks() throws Exception {
        Ip.netnsDeleteIfPresent(LEAKED_NAME);
        if (leakedHandle != null) {
            leakedHandle.close();
        }
    }

    private static String onlyFailure(EngineExecutionResults r) {
        r.testEvents().assertStatistics(s -> s.started(1).failed(1));
        r.containerEvents().assertStatistics(s -> s.failed(0)); // reported by the test, not again by the class
        return Examples.failureMessages(r).getFirst();
    }

    @Example
    @NetnsTest
    static class LeaksNamedNamespace {
        @Test
        void leaks() throws Exception {
            NetworkNamespaces.create(LEAKED_NAME).close(); // closed, but never deleted
        }
    }

    @Test
    void namedNamespaceLeft() {
        String m = onlyFailure(Examples.run(LeaksNamedNamespace.class));
        assertTrue(m.startsWith("netns leak check: test LeaksNamedNamespace.leaks() left behind 1 thing"), m);
        assertTrue(m.contains("named namespace \"" + LEAKED_NAME + "\" (/run/netns/" + LEAKED_NAME + ") still exists"), m);
        assertTrue(Ip.netnsList().contains(LEAKED_NAME), "the detector reports; it does not delete what it did not make");
    }

    @Example
    @NetnsTest
    static class LeaksHandle {
        @Test
        void leaks() throws Exception {
            leakedHandle = NetworkNamespaces.create();
        }
    }

    @Test
    void openHandleLeft() {
        String m = onlyFailure(Examples.run(LeaksHandle.class));
        assertTrue(m.contains("1 open descriptor of namespace net:[" + leakedHandle.id().inode() + "]"), m);
    }

    @Example
    @NetnsTest
    static class LeaksThread {
        @Test
        void leaks(@Netns NetworkNamespace ns) throws Exception {
            leakedThreadNamespace = ns.id();
            // the classic: a thread started from inside a namespace stays inside it
            ns.run(() -> {
                leakedThread = Thread.ofPlatform().name("leaky-thread").start(() -> {
                    try {
                        RELEASE.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            });
        }
    }

    @Test
    void threadLeftInsideANamespace() throws Exception {
        try {
            String m = onlyFailure(Examples.run(LeaksThread.class));
            assertTrue(m.contains("thread \"leaky-thread\""), m);
            assertTrue(m.contains("is inside namespace " + leakedThreadNamespace), m);
            assertTrue(m.contains("started from inside a namespace"), m);
        } finally {
            RELEASE.countDown();
            leakedThread.join(10_000);
        }
    }

    @Example
    @NetnsTest
    static class LeaksLink {
        @Netns(named = true)
        static NetworkNamespace node;

        @Test
        void leaks() {
            linkNamespace = node.name().orElseThrow();
            Commands.run("ip", "-n", linkNamespace, "link", "add", "leak0", "type", "veth", "peer", "name", "leak1");
        }
    }

    @Test
    void linkLeftInANamespaceThatOutlivesTheTest() {
        EngineExecutionResults r = Examples.run(LeaksLink.class);
        String m = onlyFailure(r);
        assertTrue(m.contains("link \"leak0\" appeared in testkit namespace"), m);
        r.containerEvents().assertStatistics(s -> s.failed(0));
        assertFalse(Ip.netnsList().contains(linkNamespace), "the class namespace, and the link in it, are gone");
    }

    @Example
    @NetnsTest
    static class CleanTest {
        @Netns
        static NetworkNamespace shared;

        @Test
        void tidy(@Netns NetworkNamespace ns) throws Exception {
            try (NetworkNamespace own = NetworkNamespaces.create(LEAKED_NAME)) {
                own.delete();
            }
            NetworkNamespaces.create().close();
            // a thread started inside but finished before the test ends is no leak
            Thread t = ns.call(() -> Thread.ofPlatform().start(() -> { }));
            t.join();
            // virtual threads run namespace work on the library's workers, which return home
            try (var virtual = Executors.newVirtualThreadPerTaskExecutor()) {
                virtual.submit(() -> shared.call(() -> new ServerSocket(0).getLocalPort())).get();
            }
        }
    }

    @Test
    void tidyTestPasses() {
        EngineExecutionResults r = Examples.run(CleanTest.class);
        Examples.assertNoFailures(r);
    }

    @Example
    @NetnsTest(leakCheck = false)
    static class CheckOff {
        @Test
        void leaks() throws Exception {
            NetworkNamespaces.create(LEAKED_NAME).close();
        }
    }

    @Test
    void leakCheckCanBeTurnedOff() {
        EngineExecutionResults r = Examples.run(CheckOff.class);
        r.testEvents().assertStatistics(s -> s.succeeded(1));
        assertTrue(Ip.netnsList().contains(LEAKED_NAME));
    }

    @Example
    @NetnsTest
    static class LeaksTwo {
        @Test
        void leaks(@Netns NetworkNamespace ns) throws Exception {
            NetworkNamespaces.create(LEAKED_NAME).close();
            leakedHandle = NetworkNamespaces.open(ns.path());
        }
    }

    @Test
    void reportListsEveryLeakOnItsOwnLine() {
        String m = onlyFailure(Examples.run(LeaksTwo.class));
        List<String> lines = m.lines().toList();
        assertEquals(3, lines.size(), m);
        assertTrue(lines.get(0).contains("left behind 2 things"), m);
        assertTrue(lines.stream().skip(1).allMatch(l -> l.startsWith("  - ")), m);
    }

    static volatile java.nio.file.Path mountPoint;

    @Example
    @NetnsTest
    static class LeaksMount {
        @Test
        void leaks(@Netns NetworkNamespace ns) throws Exception {
            // a bind mount keeps a namespace alive like ip netns add does, but anywhere
            mountPoint = java.nio.file.Files.createTempFile("tk-mount", ".ns");
            String fd = ns.path().toString().replace("/proc/self/", "/proc/" + ProcessHandle.current().pid() + "/");
            Commands.run("mount", "--bind", fd, mountPoint.toString());
        }
    }

    @Test
    void nsfsMountLeft() throws Exception {
        try {
            String m = onlyFailure(Examples.run(LeaksMount.class));
            assertTrue(m.contains("nsfs mount at " + mountPoint + " is still mounted"), m);
        } finally {
            Commands.run("umount", mountPoint.toString());
            java.nio.file.Files.delete(mountPoint);
        }
    }

    static volatile Process leakedProcess;

    @Example
    @NetnsTest
    static class LeaksProcess {
        @Test
        void leaks(@Netns(named = true) NetworkNamespace pod) throws Exception {
            leakedProcess = pod.start(new ProcessBuilder("sleep", "30"));
        }
    }

    @Test
    void processLeftInsideANamespace() throws Exception {
        try {
            String m = onlyFailure(Examples.run(LeaksProcess.class));
            assertTrue(m.contains("process " + leakedProcess.pid() + " ("), m);
            assertTrue(m.contains("sleep 30) still runs inside namespace net:["), m);
        } finally {
            leakedProcess.destroy();
            leakedProcess.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
