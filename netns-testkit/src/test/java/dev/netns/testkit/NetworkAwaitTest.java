package dev.netns.testkit;

import dev.netns.witness.Commands;
import dev.netns.Address;
import dev.netns.IpPrefix;
import dev.netns.Link;
import dev.netns.NetworkNamespace;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The await helpers see changes another process makes a moment later (no sleeping in the test),
 * return at once when the condition already holds, and fail clearly when it never does.
 */
@NetnsTest
class NetworkAwaitTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Runs {@code ip -n NS ARGS} after {@code delayMillis}, in the background. */
    private static Process later(NetworkNamespace ns, long delayMillis, String ipArgs) throws Exception {
        return new ProcessBuilder("sh", "-c", "sleep " + delayMillis / 1000.0 + "; ip -n " + ns.name().orElseThrow()
                + " " + ipArgs).redirectErrorStream(true).start();
    }

    private static String ipLink(NetworkNamespace ns, String name) {
        return Commands.run("ip", "-n", ns.name().orElseThrow(), "link", "show", name);
    }

    @Test
    void linkUpWaitsForTheCarrierAnotherProcessBringsUp(@Netns(named = true) NetworkNamespace ns) throws Exception {
        String n = ns.name().orElseThrow();
        Commands.run("ip", "-n", n, "link", "add", "va", "type", "veth", "peer", "name", "vb");
        Commands.run("ip", "-n", n, "link", "set", "va", "up");
        assertTrue(ipLink(ns, "va").contains("NO-CARRIER"), "the peer is down: no carrier yet");
        Process p = later(ns, 300, "link set vb up");
        Link va = NetworkAwait.linkUp(ns, "va", WAIT);
        assertTrue(va.isUp() && va.hasCarrier());
        assertTrue(ipLink(ns, "va").contains("LOWER_UP"), ipLink(ns, "va"));
        assertEquals(0, p.waitFor());
        assertEquals("va", NetworkAwait.linkUp(ns, "va", Duration.ofMillis(1)).name(), "already up: at once");
    }

    @Test
    void addressWaitsUntilDuplicateAddressDetectionIsDone(@Netns(named = true) NetworkNamespace ns) throws Exception {
        String n = ns.name().orElseThrow();
        Commands.run("ip", "-n", n, "link", "add", "va", "type", "veth", "peer", "name", "vb");
        Commands.run("ip", "-n", n, "link", "set", "vb", "up");
        Commands.run("ip", "-n", n, "link", "set", "va", "up");
        NetworkAwait.linkUp(ns, "va", WAIT);
        Commands.run("ip", "-n", n, "addr", "add", "fd00:7::1/64", "dev", "va");
        Address addr = NetworkAwait.address(ns, IpPrefix.parse("fd00:7::1/64"), WAIT);
        assertEquals(0, addr.flags() & Address.IFA_F_TENTATIVE);
        String line = Commands.run("ip", "-n", n, "-6", "-o", "addr", "show", "dev", "va").lines()
                .filter(l -> l.contains("fd00:7::1/64")).findFirst().orElseThrow();
        assertFalse(line.contains("tentative"), "iproute2 agrees, DAD is over: " + line);
    }

    @Test
    void linkGoneAndRouteFollowOtherProcesses(@Netns(named = true) NetworkNamespace ns) throws Exception {
        String n = ns.name().orElseThrow();
        Commands.run("ip", "-n", n, "link", "add", "br9", "type", "bridge");
        Commands.run("ip", "-n", n, "link", "set", "br9", "up");
        Commands.run("ip", "-n", n, "addr", "add", "10.9.0.1/24", "dev", "br9");
        Process add = later(ns, 200, "route add 10.77.0.0/16 via 10.9.0.2");
        assertEquals("10.9.0.2", NetworkAwait.route(ns, IpPrefix.parse("10.77.0.0/16"), WAIT).gateway().orElseThrow()
                .getHostAddress());
        assertEquals(0, add.waitFor());
        Process del = later(ns, 200, "link del br9");
        NetworkAwait.linkGone(ns, "br9", WAIT);
        assertFalse(Commands.run("ip", "-n", n, "link", "show").contains("br9"));
        assertEquals(0, del.waitFor());
        NetworkAwait.linkGone(ns, "br9", Duration.ofMillis(1)); // already gone: at once
    }

    @Test
    void aConditionThatNeverHoldsFailsNamingWhatWasAwaited(@Netns(named = true) NetworkNamespace ns) {
        Commands.run("ip", "-n", ns.name().orElseThrow(), "link", "add", "c", "type", "bridge");
        AssertionError e = assertThrows(AssertionError.class, () -> NetworkAwait.linkUp(ns, "c", Duration.ofMillis(300)));
        assertTrue(e.getMessage().contains("link c up with carrier not seen within PT0.3S"), e.getMessage());
        assertTrue(e.getMessage().contains("last seen: Link[") && e.getMessage().contains("name=c"), e.getMessage());
    }
}
