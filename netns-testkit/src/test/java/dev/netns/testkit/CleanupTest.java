package dev.netns.testkit;

import dev.netns.witness.Commands;
import dev.netns.witness.Ip;
import dev.netns.witness.Proc;
import dev.netns.NetworkNamespace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Cleanup runs whatever the test did; the cleanup modes keep exactly what they promise, and say where. */
@KernelTest
class CleanupTest {
    static final List<String> NAMES = new CopyOnWriteArrayList<>();

    @AfterEach
    void removeKept() {
        NAMES.forEach(Ip::netnsDeleteIfPresent);
        NAMES.clear();
    }

    @Example
    @NetnsTest
    static class Fails {
        @Netns(named = true)
        static NetworkNamespace classScoped;

        @Test
        void fails(@Netns(named = true) NetworkNamespace ns) {
            NAMES.add(classScoped.name().orElseThrow());
            NAMES.add(ns.name().orElseThrow());
            fail("on purpose");
        }
    }

    @Test
    void failingTestStillGetsCleanedUp() {
        EngineExecutionResults r = Examples.run(Fails.class);
        r.testEvents().assertStatistics(s -> s.failed(1));
        assertEquals("on purpose", Examples.failureMessages(r).getFirst(), "no cleanup error, no leak report");
        assertEquals(2, NAMES.size());
        List<String> listed = Ip.netnsList();
        for (String n : NAMES) {
            assertFalse(listed.contains(n), n + " was deleted after the failing test");
        }
        assertTrue(Examples.reportEntries(r, NetnsExtension.KEPT_ENTRY).isEmpty());
    }

    @Example
    @NetnsTest(cleanup = CleanupMode.ON_SUCCESS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class KeepOnFailure {
        static String failedName;
        static String passedName;

        @Test
        @Order(1)
        void fails(@Netns(named = true) NetworkNamespace ns) {
            failedName = ns.name().orElseThrow();
            NAMES.add(failedName);
            fail("on purpose");
        }

        @Test
        @Order(2)
        void passes(@Netns(named = true) NetworkNamespace ns) {
            passedName = ns.name().orElseThrow();
            NAMES.add(passedName);
        }
    }

    @Test
    void onSuccessKeepsOnlyTheFailedTestsNamespaceAndReportsIt() {
        EngineExecutionResults r = Examples.run(KeepOnFailure.class);
        r.testEvents().assertStatistics(s -> s.failed(1).succeeded(1));
        assertEquals(List.of("on purpose"), Examples.failureMessages(r), "what is kept is no leak");
        r.containerEvents().assertStatistics(s -> s.failed(0));
        List<String> listed = Ip.netnsList();
        assertTrue(listed.contains(KeepOnFailure.failedName), "kept for inspection");
        assertFalse(listed.contains(KeepOnFailure.passedName), "removed after success");
        List<String> entries = Examples.reportEntries(r, NetnsExtension.KEPT_ENTRY);
        assertEquals(1, entries.size(), entries.toString());
        assertTrue(entries.getFirst().contains("ip netns exec " + KeepOnFailure.failedName), entries.getFirst());
        // the namespace is usable by iproute2, as the report promises
        assertTrue(Commands.run("ip", "netns", "exec", KeepOnFailure.failedName, "ip", "-o", "link").contains("lo"));
    }

    @Example
    @NetnsTest
    static class Passes {
        static String name;

        @Test
        void passes(@Netns(named = true) NetworkNamespace ns) {
            name = ns.name().orElseThrow();
            NAMES.add(name);
        }
    }

    @Test
    void globalNeverKeepsEvenAfterSuccess() {
        EngineExecutionResults r = Examples.run(Passes.class, Map.of(NetnsExtension.CLEANUP_KEY, "never"));
        r.testEvents().assertStatistics(s -> s.succeeded(1));
        assertTrue(Ip.netnsList().contains(Passes.name));
        assertEquals(1, Examples.reportEntries(r, NetnsExtension.KEPT_ENTRY).size());
    }

    @Test
    void globalAlwaysIsAcceptedAndRemovesAfterSuccess() { // the default is shown by failingTestStillGetsCleanedUp
        EngineExecutionResults r = Examples.run(Passes.class, Map.of(NetnsExtension.CLEANUP_KEY, "always"));
        r.testEvents().assertStatistics(s -> s.succeeded(1));
        assertFalse(Ip.netnsList().contains(Passes.name));
    }

    @Test
    void unknownModeFailsNamingTheValues() {
        EngineExecutionResults r = Examples.run(Passes.class, Map.of(NetnsExtension.CLEANUP_KEY, "sometimes"));
        r.testEvents().assertStatistics(s -> s.failed(1));
        String message = Examples.failureMessages(r).getFirst();
        assertTrue(message.contains("netns.testkit.cleanup must be always, on_success or never, not \"sometimes\""), message);
        assertFalse(Ip.netnsList().contains(Passes.name), "kept nothing it could not decide about");
    }

    @Example
    @NetnsTest
    static class BreaksCleanup {
        static long inode;

        @Test
        void deletesWhatTheTestkitOwns(@Netns(named = true) NetworkNamespace ns) throws Exception {
            inode = ns.id().inode();
            NAMES.add(ns.name().orElseThrow());
            dev.netns.NetworkNamespaces.delete(ns.name().orElseThrow());
        }
    }

    @Test
    void cleanupFailuresAreReportedNotSwallowed() {
        EngineExecutionResults r = Examples.run(BreaksCleanup.class);
        r.testEvents().assertStatistics(s -> s.failed(1));
        String m = Examples.failureMessages(r).getFirst();
        assertTrue(m.startsWith("cleanup of namespace " + NAMES.getFirst() + " (ip netns exec " + NAMES.getFirst()
                + " ...) after test BreaksCleanup.deletesWhatTheTestkitOwns(NetworkNamespace) failed: "), m);
        assertFalse(m.contains("leak"), "the handle was closed all the same: " + m);
        assertFalse(Proc.namespaceInodes().contains(BreaksCleanup.inode));
    }

    @Example
    @NetnsTest(cleanup = CleanupMode.ON_SUCCESS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class KeptPodOnClassNetwork {
        @PodNet(subnet = "10.244.6.0/24")
        static dev.netns.PodNetwork net;
        static long firstInode;
        static long secondInode;

        @Test
        @Order(1)
        void fails(@TestPod("p") dev.netns.Pod p) {
            firstInode = p.namespace().id().inode();
            NAMES.add(net.node().name().orElseThrow());
            NAMES.add(p.namespace().name().orElseThrow());
            fail("on purpose");
        }

        @Test
        @Order(2)
        void getsAFreshPod(@TestPod("p") dev.netns.Pod p) {
            secondInode = p.namespace().id().inode();
        }
    }

    @Test
    void aLaterTestGetsAFreshPodInsteadOfAKeptOne() {
        EngineExecutionResults r = Examples.run(KeptPodOnClassNetwork.class);
        r.testEvents().assertStatistics(s -> s.failed(1).succeeded(1));
        assertEquals(List.of("on purpose"), Examples.failureMessages(r));
        assertTrue(KeptPodOnClassNetwork.firstInode != KeptPodOnClassNetwork.secondInode, "a new namespace for the pod");
        // the class had a failure, so on_success keeps its network; the passing test's pod p went after it
        List<String> listed = Ip.netnsList();
        assertTrue(listed.contains(NAMES.get(0)), "sandbox node kept: " + listed);
        assertFalse(listed.contains(NAMES.get(1)), "pod of the passing test removed: " + listed);
        List<String> entries = Examples.reportEntries(r, NetnsExtension.KEPT_ENTRY);
        assertEquals(2, entries.size(), "the failed test's and the class's: " + entries);
    }

    @Example
    @NetnsTest
    static class ClosesOrDeletesItself {
        @Test
        void deletes(@Netns(named = true) NetworkNamespace ns) throws Exception {
            NAMES.add(ns.name().orElseThrow());
            ns.delete(); // documented use of the handle: no cleanup failure
        }

        @Test
        void closes(@Netns(named = true) NetworkNamespace ns, @Netns NetworkNamespace anonymous) {
            NAMES.add(ns.name().orElseThrow());
            ns.close();
            anonymous.close();
        }
    }

    @Test
    void aTestMayCloseOrDeleteWhatItWasGiven() {
        EngineExecutionResults r = Examples.run(ClosesOrDeletesItself.class);
        Examples.assertNoFailures(r);
        r.testEvents().assertStatistics(s -> s.succeeded(2));
        List<String> listed = Ip.netnsList();
        NAMES.forEach(n -> assertFalse(listed.contains(n), n));
    }
}
