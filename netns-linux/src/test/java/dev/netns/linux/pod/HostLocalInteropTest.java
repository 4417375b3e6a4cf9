package dev.netns.linux.pod;

import dev.netns.Pod;
import dev.netns.PodNetwork;
import dev.netns.witness.Commands;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * The reference CNI {@code host-local} plugin (Debian's {@code containernetworking-plugins}) and this
 * library reserving addresses in one state directory, turn by turn: each sees and respects the
 * other's reservations and continues the other's round robin.
 */
class HostLocalInteropTest {
    static final Path HOST_LOCAL = Path.of("/usr/lib/cni/host-local");

    @AutoClose
    private final SharedNetworkFixture fx = new SharedNetworkFixture("hlnode", "10.244.9.0/29");

    HostLocalInteropTest() throws Exception {
    }

    @BeforeAll
    static void hostLocalPresent() {
        if (!Files.isExecutable(HOST_LOCAL)) {
            String why = HOST_LOCAL + " is missing: install Debian's containernetworking-plugins (apt-get install -y containernetworking-plugins)";
            if ("true".equals(System.getenv("CI"))) {
                fail(why);
            }
            abort(why);
        }
    }

    /** Runs host-local once; returns its stdout (ADD: the result with the address). */
    private Commands.Result hostLocal(String command, String containerId) throws Exception {
        String config = """
                {"cniVersion": "1.0.0", "name": "%s", "type": "host-local",
                 "ipam": {"type": "host-local", "dataDir": "%s", "ranges": [[{"subnet": "%s"}]]}}"""
                .formatted(SharedNetworkFixture.NETWORK, fx.state, fx.subnet);
        ProcessBuilder pb = new ProcessBuilder(HOST_LOCAL.toString());
        pb.environment().putAll(java.util.Map.of("CNI_COMMAND", command, "CNI_CONTAINERID", containerId,
                "CNI_NETNS", "/run/netns/" + fx.sandbox.name(), "CNI_IFNAME", "eth0", "CNI_PATH", HOST_LOCAL.getParent().toString()));
        Process p = pb.start();
        p.getOutputStream().write(config.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "host-local finished");
        return new Commands.Result(p.exitValue(), out, err);
    }

    private String add(String containerId) throws Exception {
        Commands.Result r = hostLocal("ADD", containerId);
        assertEquals(0, r.exit(), r.stdout() + r.stderr());
        Matcher m = Pattern.compile("\"address\":\\s*\"([0-9.]+)/29\"").matcher(r.stdout());
        assertTrue(m.find(), r.stdout());
        return m.group(1);
    }

    @Test
    void turnByTurnOnOneStateDirectory() throws Exception {
        try (PodNetwork net = fx.builder().open()) {
            assertEquals("10.244.9.2", net.addPod("a").address().getHostAddress());
            assertEquals("10.244.9.3", add("hl1"));
            assertEquals("hl1\r\neth0", Files.readString(fx.networkDir().resolve("10.244.9.3")));
            assertEquals("10.244.9.4", net.addPod("b").address().getHostAddress(), "the SDK continues after host-local's last");
            assertEquals(0, hostLocal("DEL", "hl1").exit());
            assertEquals("10.244.9.5", add("hl2"), "host-local continues after the SDK's last");
            net.removePod("a");                               // .2 and .3 are free again
            assertEquals("10.244.9.6", net.addPod("c").address().getHostAddress());
            assertEquals("10.244.9.2", add("hl3"), "host-local wraps around past the SDK's reservations");
            assertEquals("10.244.9.3", net.addPod("d").address().getHostAddress());
            // the /29 is full: both refuse rather than hand out a taken address
            Commands.Result full = hostLocal("ADD", "hl4");
            assertTrue(full.exit() != 0 && full.stdout().contains("no IP addresses available"), full.stdout() + full.stderr());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> net.addPod("e"));
            assertTrue(e.getMessage().contains("exhausted"), e.getMessage());
            assertEquals(Set.of("b", "c", "d"), Set.copyOf(net.pods().stream().map(Pod::id).toList()),
                    "host-local's reservations are no pods of the network");
            // host-local's DEL of its container leaves the SDK's files alone
            assertEquals(0, hostLocal("DEL", "hl2").exit());
            assertEquals(0, hostLocal("DEL", "hl3").exit());
            assertEquals(Set.of("10.244.9.3", "10.244.9.4", "10.244.9.6", "last_reserved_ip.0", "lock"), fx.stateFiles());
        }
    }
}
