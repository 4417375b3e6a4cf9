package dev.netns.linux.ns;

import dev.netns.NamespaceAlreadyExistsException;
import dev.netns.NetnsException;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import dev.netns.NoSuchNamespaceException;
import dev.netns.witness.Commands;
import dev.netns.witness.Ip;
import dev.netns.witness.Proc;
import dev.netns.linux.testing.TestNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import dev.netns.linux.testing.KernelTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Named namespaces behave like {@code ip netns add/del}, checked with iproute2 and /proc. */
@KernelTest
class NamedNamespaceTest {
    private final List<String> made = new ArrayList<>();

    private String name(String stem) {
        String n = TestNames.OWNER.uniqueName(stem);
        made.add(n);
        return n;
    }

    @AfterEach
    void removeLeftovers() {
        made.forEach(Ip::netnsDeleteIfPresent);
    }

    @Test
    void createIsVisibleToIproute2AndDeleteRemovesIt() throws Exception {
        String n = name("add");
        try (NetworkNamespace ns = NetworkNamespaces.create(n)) {
            assertEquals(n, ns.name().orElseThrow());
            assertEquals(Path.of("/run/netns", n), ns.path());
            assertTrue(Ip.netnsList().contains(n), "ip netns list shows it");
            assertTrue(Proc.mounted("/run/netns/" + n), "bind-mounted like ip netns add");
            // the last entry is the mount on top (a sandbox may stack a tmpfs over a bind mount)
            String runDir = java.nio.file.Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                    .filter(l -> l.split(" ")[4].equals("/run/netns")).reduce((first, last) -> last).orElseThrow();
            assertTrue(runDir.contains(" shared:"), "the run directory is a shared mount point: " + runDir);
            assertEquals(Proc.inodeOf("/run/netns/" + n), ns.id().inode(), "id is the nsfs inode");
            assertNotEquals(Proc.inodeOf("/proc/self/ns/net"), ns.id().inode(), "a new namespace, not ours");
            // a fresh namespace holds only loopback, seen from inside by iproute2 itself
            String links = Commands.run("ip", "netns", "exec", n, "ip", "-o", "link", "show");
            assertEquals(1, links.strip().lines().count(), links);
            assertTrue(links.contains(": lo:"), links);
            assertTrue(NetworkNamespaces.exists(n));
            assertTrue(NetworkNamespaces.list().contains(n));
            ns.delete();
            assertTrue(ns.isClosed(), "delete closes the handle");
        }
        assertFalse(Ip.netnsList().contains(n));
        assertFalse(Proc.mounted("/run/netns/" + n));
        assertFalse(Files.exists(Path.of("/run/netns", n)));
        assertFalse(NetworkNamespaces.exists(n));
    }

    @Test
    void opensWhatIpNetnsAddMade() throws Exception {
        String n = name("ipadd");
        Commands.run("ip", "netns", "add", n);
        try (NetworkNamespace ns = NetworkNamespaces.open(n)) {
            assertEquals(Proc.inodeOf("/run/netns/" + n), ns.id().inode());
            assertEquals(n, ns.name().orElseThrow());
        }
        assertTrue(Ip.netnsList().contains(n), "closing a handle never deletes the namespace");
        NetworkNamespaces.delete(n);
        assertFalse(Ip.netnsList().contains(n), "ip netns list no longer shows it");
    }

    @Test
    void ipNetnsIdentifyNamesAProcessStartedInside() throws Exception {
        String n = name("ident");
        try (NetworkNamespace ns = NetworkNamespaces.create(n)) {
            Process p = ns.start(new ProcessBuilder("sleep", "30"));
            try {
                assertEquals(n, Commands.run("ip", "netns", "identify", Long.toString(p.pid())).strip());
                assertEquals("net:[" + ns.id().inode() + "]", Proc.readlink("/proc/" + p.pid() + "/ns/net"));
            } finally {
                p.destroyForcibly().waitFor();
            }
            ns.delete();
        }
    }

    @Test
    void duplicateCreateFailsWithEexistAndKeepsTheOriginal() throws Exception {
        String n = name("dup");
        try (NetworkNamespace ns = NetworkNamespaces.create(n)) {
            NamespaceAlreadyExistsException e = assertThrows(NamespaceAlreadyExistsException.class,
                    () -> NetworkNamespaces.create(n));
            assertEquals("EEXIST", e.errnoName());
            assertEquals(17, e.errno());
            assertTrue(e.getMessage().contains(n) && e.getMessage().contains("File exists (EEXIST)"), e.getMessage());
            assertEquals(Proc.inodeOf("/run/netns/" + n), ns.id().inode(), "the first namespace is untouched");
            assertTrue(Proc.mounted("/run/netns/" + n));
            ns.delete();
        }
    }

    @Test
    void missingNamesFailClearly() {
        String n = name("missing");
        NoSuchNamespaceException open = assertThrows(NoSuchNamespaceException.class, () -> NetworkNamespaces.open(n));
        assertTrue(open.getMessage().contains(n), open.getMessage());
        assertEquals("ENOENT", open.errnoName());
        NoSuchNamespaceException del = assertThrows(NoSuchNamespaceException.class, () -> NetworkNamespaces.delete(n));
        assertTrue(del.getMessage().contains(n), del.getMessage());
    }

    @Test
    void aStaleFileWithoutMountIsNotANamespaceButCanBeDeleted() throws Exception {
        String n = name("stale");
        Files.createDirectories(Path.of("/run/netns"));
        Files.createFile(Path.of("/run/netns", n));
        assertFalse(NetworkNamespaces.exists(n));
        NetnsException e = assertThrows(NetnsException.class, () -> NetworkNamespaces.open(n));
        assertTrue(e.getMessage().contains("not a namespace file"), e.getMessage());
        NetworkNamespaces.delete(n);
        assertFalse(Files.exists(Path.of("/run/netns", n)));
    }

    @Test
    void createDeleteChurnLeavesNoDescriptorOrMount() throws Exception {
        // warm up class loading and lazily opened descriptors before counting
        String warm = name("warm");
        NetworkNamespaces.create(warm).delete();
        int fds = Proc.openFds();
        List<String> churned = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            String n = name("churn");
            try (NetworkNamespace ns = NetworkNamespaces.create(n)) {
                churned.add(ns.id().toString());
                ns.delete();
            }
        }
        List<String> held = new ArrayList<>(Proc.namespaceFds());
        held.retainAll(churned);
        assertEquals(List.of(), held, "descriptors still open on churned namespaces");
        // other tests' forgotten handles may be reclaimed meanwhile, so the count may drop, never grow
        assertTrue(Proc.openFds() <= fds, "open descriptors grew over 120 create/delete cycles");
        assertEquals(0, Proc.nsfsMounts("/run/netns/" + TestNames.OWNER.prefix()), "nsfs mounts left by 120 create/delete cycles");
    }

    @Test
    void fourThreadsCreateAndDeleteConcurrently() throws Exception {
        int threads = 4;
        int each = 25;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < threads * each; i++) {
            names.add(name("conc"));
        }
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            List<String> mine = names.subList(t * each, (t + 1) * each);
            workers.add(Thread.ofPlatform().start(() -> {
                for (String n : mine) {
                    try (NetworkNamespace ns = NetworkNamespaces.create(n);
                         NetworkNamespace again = NetworkNamespaces.open(n)) {
                        if (!ns.equals(again)) {
                            throw new AssertionError("reopened " + n + " is another namespace");
                        }
                        ns.delete();
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }
            }));
        }
        for (Thread w : workers) {
            w.join(60_000);
        }
        assertTrue(failures.isEmpty(), () -> "failures: " + failures);
        List<String> left = new ArrayList<>(Ip.netnsList());
        left.retainAll(names);
        assertTrue(left.isEmpty(), "left behind: " + left);
        assertEquals(0, Proc.nsfsMounts("/run/netns/" + TestNames.OWNER.prefix()), "nsfs mounts left by concurrent creators");
    }
}
