package dev.netns.examples;

import dev.netns.testkit.KernelTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ns add|list|exec|del}, checked against iproute2 and /proc. */
@KernelTest
class NsCommandTest {
    private final String name = Kernel.uniqueName("ns");

    @AfterEach
    void cleanup() {
        Kernel.deleteNamespaces(name);
    }

    @Test
    void addListExecDelLikeIpNetns() {
        Kernel.Cli add = Kernel.cli("ns", "add", name);
        assertEquals(0, add.status(), add::toString);
        assertEquals("created /run/netns/" + name + "\n", add.out());
        assertTrue(Kernel.namespaces().contains(name), "ip netns list sees it");

        Kernel.Cli list = Kernel.cli("ns", "list");
        assertEquals(Kernel.namespaces().stream().sorted().toList().contains(name), list.out().lines().toList().contains(name));

        // the command runs in the namespace: its /proc/self/ns/net is the inode of /run/netns/NAME
        String inode = Kernel.run("stat", "-L", "-c", "%i", "/run/netns/" + name).strip();
        Kernel.Cli exec = Kernel.cli("ns", "exec", name, "readlink", "/proc/self/ns/net");
        assertEquals(0, exec.status(), exec::toString);
        assertEquals("net:[" + inode + "]\n", exec.out());
        // and sees the namespace's own /sys, as under ip netns exec
        Kernel.Cli sys = Kernel.cli("ns", "exec", name, "ls", "/sys/class/net");
        assertEquals("lo\n", sys.out(), sys::toString);

        Kernel.Cli del = Kernel.cli("ns", "del", name);
        assertEquals(0, del.status(), del::toString);
        assertFalse(Kernel.namespaces().contains(name), "ip netns list no longer sees it");
    }

    @Test
    void execPassesTheCommandsStatusAndOptionsThrough() {
        Kernel.run("ip", "netns", "add", name);
        Kernel.Cli exit3 = Kernel.cli("ns", "exec", name, "--", "sh", "-c", "echo out; echo err >&2; exit 3");
        assertEquals(3, exit3.status(), exit3::toString);
        assertEquals("out\n", exit3.out());
        assertEquals("err\n", exit3.err());
        Kernel.Cli help = Kernel.cli("ns", "exec", name, "sh", "-c", "echo \"$1 $2\"", "sh", "--help", "--debug");
        assertEquals("--help --debug\n", help.out(), "options after NAME belong to the command");
        Kernel.Cli debug = Kernel.cli("--debug", "ns", "exec", name, "true");
        assertEquals(0, debug.status(), debug::toString);
        Kernel.Cli missing = Kernel.cli("ns", "exec", name, "no-such-program-here");
        assertEquals(127, missing.status(), missing::toString);
        assertTrue(missing.err().startsWith("netns: cannot run 'no-such-program-here' in " + name + ": "), missing::toString);
    }

    @Test
    void failuresAreOneLineWithExitOne() {
        Kernel.run("ip", "netns", "add", name);
        Kernel.Cli twice = Kernel.cli("ns", "add", name);
        assertEquals(1, twice.status(), twice::toString);
        assertTrue(twice.err().contains("EEXIST"), twice::toString);
        assertEquals(1, twice.err().lines().count(), twice::toString);
        Kernel.run("ip", "netns", "del", name);
        Kernel.Cli gone = Kernel.cli("ns", "del", name);
        assertEquals(1, gone.status(), gone::toString);
        assertTrue(gone.err().contains(name) && gone.err().contains("ENOENT"), gone::toString);
        Kernel.Cli traced = Kernel.cli("ns", "del", name, "--debug");
        assertEquals(1, traced.status(), traced::toString);
        assertTrue(traced.err().lines().count() > 3 && traced.err().contains("\tat dev.netns."), "--debug adds the stack trace");
        Kernel.Cli noNs = Kernel.cli("ns", "exec", name, "true");
        assertEquals(1, noNs.status(), noNs::toString);
        assertEquals(1, noNs.err().lines().count(), noNs::toString);
    }
}
