package dev.netns.testkit;

import dev.netns.witness.Ip;
import dev.netns.witness.Proc;
import dev.netns.NetworkNamespace;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Injected namespaces are real, fresh, scoped like {@code @TempDir}, and gone afterwards. */
@KernelTest
class InjectionTest {

    @Example
    @NetnsTest
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class Injected {
        static final List<Long> perTestInodes = new CopyOnWriteArrayList<>();
        static final List<Long> sharedInodes = new CopyOnWriteArrayList<>();
        static final List<String> names = new CopyOnWriteArrayList<>();
        static final List<Integer> perTestLoMtus = new CopyOnWriteArrayList<>();
        static final List<Integer> sharedLoMtus = new CopyOnWriteArrayList<>();
        /** A mark the first test leaves on {@code lo}: a fresh namespace does not have it, the same one does. */
        static final int MARK_MTU = 1234;

        @Netns
        static NetworkNamespace shared;
        @Netns
        NetworkNamespace perTest;

        @Test
        @Order(1)
        void first(@Netns(named = true) NetworkNamespace named) throws Exception {
            String name = named.name().orElseThrow();
            names.add(name);
            assertTrue(name.matches("tk-" + ProcessHandle.current().pid() + "-\\d+"), name);
            assertTrue(Ip.netnsList().contains(name), "ip netns list shows " + name);
            assertEquals(Proc.inodeOf("/run/netns/" + name), named.id().inode());
            checkFresh(perTest);
            checkFresh(shared);
            assertNotEquals(perTest.id(), shared.id());
            perTestInodes.add(perTest.id().inode());
            sharedInodes.add(shared.id().inode());
            perTest.links().setMtu("lo", MARK_MTU);
            shared.links().setMtu("lo", MARK_MTU);
        }

        @Test
        @Order(2)
        void second() throws Exception {
            checkFresh(perTest);
            perTestInodes.add(perTest.id().inode());
            sharedInodes.add(shared.id().inode());
            // the kernel may give a new namespace a freed one's inode number, so identity across tests is
            // told by the mark the first test left, read by ip as an independent witness
            perTestLoMtus.add(loMtu(perTest));
            sharedLoMtus.add(loMtu(shared));
        }

        /** Entering it really changes the thread's namespace (kernel's view), and only loopback is inside. */
        private static void checkFresh(NetworkNamespace ns) throws Exception {
            String own = Proc.readlink("/proc/self/ns/net");
            String inside = ns.call(() -> Proc.readlink("/proc/thread-self/ns/net"));
            assertNotEquals(own, inside);
            assertEquals("net:[" + ns.id().inode() + "]", inside);
            assertEquals(java.util.Set.of("lo"), ns.call(() -> Snapshot.linkNames(java.nio.file.Path.of("/proc/thread-self/net/dev"))));
        }
    }

    @Test
    void injectsStaticPerClassAndInstancePerTestAndRemovesAll() {
        EngineExecutionResults r = Examples.run(Injected.class);
        r.testEvents().assertStatistics(s -> s.started(2).succeeded(2).failed(0));
        assertEquals(2, Injected.sharedInodes.size());
        assertEquals(Injected.sharedInodes.get(0), Injected.sharedInodes.get(1), "static field: one namespace per class");
        assertEquals(List.of(Injected.MARK_MTU), Injected.sharedLoMtus, "static field: the second test sees the first test's mark");
        assertEquals(1, Injected.perTestLoMtus.size());
        assertNotEquals(Injected.MARK_MTU, Injected.perTestLoMtus.getFirst(), "instance field: one fresh namespace per test");
        String named = Injected.names.getFirst();
        assertFalse(Ip.netnsList().contains(named), "the named namespace was deleted: " + named);
        List<Long> held = Proc.namespaceInodes();
        for (long inode : Injected.perTestInodes) {
            assertFalse(held.contains(inode), "no descriptor of a per-test namespace is left open");
        }
        assertFalse(held.contains(Injected.sharedInodes.getFirst()), "the class namespace's descriptor is closed");
    }

    @Example
    @NetnsTest
    static class WrongType {
        @Netns
        String notANamespace;

        @Test
        void never() {
        }
    }

    @Test
    void wrongFieldTypeFailsNamingTheRule() {
        EngineExecutionResults r = Examples.run(WrongType.class);
        r.testEvents().assertStatistics(s -> s.failed(1));
        String message = Examples.failureMessages(r).getFirst();
        assertTrue(message.contains("@Netns field WrongType.notANamespace must have type NetworkNamespace, not String"), message);
    }

    /** The MTU of {@code lo} in that namespace, as {@code nsenter --net=... ip -j link show lo} reports it. */
    static int loMtu(NetworkNamespace ns) {
        // an anonymous handle's path is /proc/self/fd/N: name it through this JVM's pid for the child
        String path = ns.path().toString().replace("/proc/self/", "/proc/" + ProcessHandle.current().pid() + "/");
        return ((Number) Ip.json("nsenter", "--net=" + path, "ip", "-j", "link", "show", "lo").getFirst().get("mtu")).intValue();
    }
}
