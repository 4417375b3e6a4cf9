package dev.netns.linux.ns;

import dev.netns.NetnsException;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import dev.netns.VethPair;
import dev.netns.NoSuchNamespaceException;
import dev.netns.witness.Commands;
import dev.netns.witness.Ip;
import dev.netns.witness.Proc;
import dev.netns.linux.testing.TestNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import dev.netns.linux.testing.KernelTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Anonymous namespaces, opening by path, pid and current thread; identity, close and bad input. */
@KernelTest
class HandleTest {

    @Test
    void anonymousNamespaceHasNoNameNoMountAndDiesWithItsLastReference() throws Exception {
        long inode;
        String witness = TestNames.OWNER.uniqueName("last-ref");
        try (NetworkNamespace observer = NetworkNamespaces.create(witness)) {
            try (NetworkNamespace ns = NetworkNamespaces.create()) {
                // a veth end in the observer dies only when the anonymous namespace holding its peer dies
                VethPair.builder().name("in").peerName("seen").peerNamespace(observer).create(ns);
                assertTrue(ns.name().isEmpty());
                inode = ns.id().inode();
                assertNotEquals(Proc.inodeOf("/proc/self/ns/net"), inode);
                // the handle's path is its descriptor; the kernel names the namespace behind it
                assertEquals("net:[" + inode + "]", Proc.readlink(ns.path().toString()));
                assertFalse(Proc.nsfsMountOf(inode), "no mount for an anonymous namespace");
            }
            // the kernel destroys a namespace asynchronously after its last reference: wait, bounded
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (Commands.run("ip", "-n", witness, "-o", "link", "show").contains("seen@") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertFalse(Commands.run("ip", "-n", witness, "-o", "link", "show").contains("seen@"),
                    "the namespace died: the veth end whose peer was in it is gone");
        } finally {
            Ip.netnsDeleteIfPresent(witness);
        }
        // no descriptor of ours refers to it any more
        try (var fds = java.nio.file.Files.list(Path.of("/proc/self/fd"))) {
            String link = "net:[" + inode + "]";
            assertFalse(fds.anyMatch(fd -> {
                try {
                    return java.nio.file.Files.readSymbolicLink(fd).toString().equals(link);
                } catch (Exception e) {
                    return false;
                }
            }), "a descriptor still holds the namespace");
        }
    }

    @Test
    void twoHandlesOfOneNamespaceAreEqual() throws Exception {
        String n = TestNames.OWNER.uniqueName("eq");
        try (NetworkNamespace a = NetworkNamespaces.create(n);
             NetworkNamespace b = NetworkNamespaces.open(Path.of("/run/netns", n))) {
            assertEquals(a, b);
            assertEquals(a.hashCode(), b.hashCode());
            assertTrue(b.name().isEmpty(), "opened by path, so unnamed");
            try (NetworkNamespace c = NetworkNamespaces.create()) {
                assertNotEquals(a, c);
            }
            a.delete();
        } finally {
            Ip.netnsDeleteIfPresent(n);
        }
    }

    @Test
    void currentIsTheThreadsNamespace() throws Exception {
        try (NetworkNamespace cur = NetworkNamespaces.current()) {
            assertEquals(Proc.currentThreadNetns(), cur.id().toString());
        }
        try (NetworkNamespace ns = NetworkNamespaces.create()) {
            long inside = ns.call(() -> {
                try (NetworkNamespace cur = NetworkNamespaces.current()) {
                    return cur.id().inode();
                }
            });
            assertEquals(ns.id().inode(), inside);
        }
    }

    @Test
    void ofPidJoinsARunningProcessNamespace() throws Exception {
        try (NetworkNamespace ns = NetworkNamespaces.create()) {
            Process p = ns.start(new ProcessBuilder("sleep", "30"));
            try (NetworkNamespace joined = NetworkNamespaces.ofPid(p.pid())) {
                assertEquals(ns, joined, "the container's namespace, as --net=container: joins it");
                assertEquals(Path.of("/proc/" + p.pid() + "/ns/net"), joined.path());
            } finally {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            long dead = p.pid();
            NoSuchNamespaceException e = assertThrows(NoSuchNamespaceException.class, () -> NetworkNamespaces.ofPid(dead));
            assertTrue(e.getMessage().contains("pid " + dead), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> NetworkNamespaces.ofPid(0));
    }

    @Test
    void openRejectsFilesThatAreNotNetworkNamespaces() {
        NetnsException regular = assertThrows(NetnsException.class, () -> NetworkNamespaces.open(Path.of("/etc/hostname")));
        assertTrue(regular.getMessage().contains("not a namespace file"), regular.getMessage());
        NetnsException mnt = assertThrows(NetnsException.class, () -> NetworkNamespaces.open(Path.of("/proc/self/ns/mnt")));
        assertTrue(mnt.getMessage().contains("not a network namespace") && mnt.getMessage().contains("mount"),
                mnt.getMessage());
        NetnsException uts = assertThrows(NetnsException.class, () -> NetworkNamespaces.open(Path.of("/proc/self/ns/uts")));
        assertTrue(uts.getMessage().contains("UTS"), uts.getMessage());
        assertThrows(NoSuchNamespaceException.class, () -> NetworkNamespaces.open(Path.of("/nonexistent/ns")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a/b", "../../etc/passwd", "/abs", "nul\0byte"})
    void badNamesAreRejectedBeforeAnySystemCall(String bad) throws Exception {
        int fds = Proc.openFds();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NetworkNamespaces.create(bad));
        assertTrue(e.getMessage().startsWith("namespace name must"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NetworkNamespaces.open(bad));
        assertThrows(IllegalArgumentException.class, () -> NetworkNamespaces.delete(bad));
        assertThrows(IllegalArgumentException.class, () -> NetworkNamespaces.exists(bad));
        assertEquals(fds, Proc.openFds());
    }

    @Test
    void overlongNameIsRejected() {
        String longName = "x".repeat(256);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NetworkNamespaces.create(longName));
        assertTrue(e.getMessage().contains("NAME_MAX"), e.getMessage());
    }

    @Test
    void useAfterCloseFailsAndCloseIsIdempotent() throws Exception {
        NetworkNamespace ns = NetworkNamespaces.create();
        ns.close();
        ns.close();
        assertTrue(ns.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ns.run(() -> { }));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> ns.start(new ProcessBuilder("true")));
        assertThrows(IllegalStateException.class, ns::links);
    }

    @Test
    void anonymousNamespaceCannotBeDeletedByName() throws Exception {
        try (NetworkNamespace ns = NetworkNamespaces.create()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, ns::delete);
            assertTrue(e.getMessage().contains("no name"), e.getMessage());
        }
    }
}
