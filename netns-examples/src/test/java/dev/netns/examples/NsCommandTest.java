package dev.netns.examples;

import dev.netns.witness.Commands;
import dev.netns.witness.Ip;
import dev.netns.witness.Owner;
import dev.netns.testkit.KernelTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ns add|list|exec|del}, checked against iproute2 and /proc. */
@KernelTest
class NsCommandTest {
    private final String name = Owner.of("nx").uniqueName("ns");

    @AfterEach
    void cleanup() {
        Ip.netnsDeleteAll(name);
    }

    @Test
    void addListExecDelLikeIpNetns() {
        Cli.Result add = Cli.run("ns", "add", name);
        assertEquals(0, add.status(), add::toString);
        assertEquals("created /run/netns/" + name + "\n", add.out());
        assertTrue(Ip.netnsList().contains(name), "ip netns list sees it");

        Cli.Result list = Cli.run("ns", "list");
        assertEquals(Ip.netnsList().stream().sorted().toList().contains(name), list.out().lines().toList().contains(name));

        // the command runs in the namespace: its /proc/self/ns/net is the inode of /run/netns/NAME
        String inode = Commands.run("stat", "-L", "-c", "%i", "/run/netns/" + name).strip();
        Cli.Result exec = Cli.run("ns", "exec", name, "readlink", "/proc/self/ns/net");
        assertEquals(0, exec.status(), exec::toString);
        assertEquals("net:[" + inode + "]\n", exec.out());
        // and sees the namespace's own /sys, as under ip netns exec
        Cli.Result sys = Cli.run("ns", "exec", name, "ls", "/sys/class/net");
        assertEquals("lo\n", sys.out(), sys::toString);

        Cli.Result del = Cli.run("ns", "del", name);
        assertEquals(0, del.status(), del::toString);
        assertFalse(Ip.netnsList().contains(name), "ip netns list no longer sees it");
    }

    @Test
    void execPassesTheCommandsStatusAndOptionsThrough() {
        Commands.run("ip", "netns", "add", name);
        Cli.Result exit3 = Cli.run("ns", "exec", name, "--", "sh", "-c", "echo out; echo err >&2; exit 3");
        assertEquals(3, exit3.status(), exit3::toString);
        assertEquals("out\n", exit3.out());
        assertEquals("err\n", exit3.err());
        Cli.Result help = Cli.run("ns", "exec", name, "sh", "-c", "echo \"$1 $2\"", "sh", "--help", "--debug");
        assertEquals("--help --debug\n", help.out(), "options after NAME belong to the command");
        Cli.Result debug = Cli.run("--debug", "ns", "exec", name, "true");
        assertEquals(0, debug.status(), debug::toString);
        Cli.Result missing = Cli.run("ns", "exec", name, "no-such-program-here");
        assertEquals(127, missing.status(), missing::toString);
        assertTrue(missing.err().startsWith("netns: cannot run 'no-such-program-here' in " + name + ": "), missing::toString);
    }

    @Test
    void failuresAreOneLineWithExitOne() {
        Commands.run("ip", "netns", "add", name);
        Cli.Result twice = Cli.run("ns", "add", name);
        assertEquals(1, twice.status(), twice::toString);
        assertTrue(twice.err().contains("EEXIST"), twice::toString);
        assertEquals(1, twice.err().lines().count(), twice::toString);
        Commands.run("ip", "netns", "del", name);
        Cli.Result gone = Cli.run("ns", "del", name);
        assertEquals(1, gone.status(), gone::toString);
        assertTrue(gone.err().contains(name) && gone.err().contains("ENOENT"), gone::toString);
        Cli.Result traced = Cli.run("ns", "del", name, "--debug");
        assertEquals(1, traced.status(), traced::toString);
        assertTrue(traced.err().lines().count() > 3 && traced.err().contains("\tat dev.netns."), "--debug adds the stack trace");
        Cli.Result noNs = Cli.run("ns", "exec", name, "true");
        assertEquals(1, noNs.status(), noNs::toString);
        assertEquals(1, noNs.err().lines().count(), noNs::toString);
    }
}
