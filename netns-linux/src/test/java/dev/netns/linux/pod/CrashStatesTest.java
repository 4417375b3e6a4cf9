package dev.netns.linux.pod;

import dev.netns.CollectedGarbage;
import dev.netns.Pod;
import dev.netns.PodNetwork;
import dev.netns.witness.Commands;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each state a process killed between two steps can leave, made by hand (the random kills of
 * {@link SharedPodNetworkTest} reach them only by chance), and what {@code collectGarbage} makes of it.
 */
class CrashStatesTest {
    @AutoClose
    private final SharedNetworkFixture fx = new SharedNetworkFixture("csnode", "10.244.6.0/24");

    CrashStatesTest() throws Exception {
    }

    @Test
    void everyHalfMadeStateIsFinishedByGarbageCollection() throws Exception {
        try (PodNetwork net = fx.builder().open()) {
            Pod kept = net.addPod("kept");
            Path dir = fx.networkDir();
            String p = fx.sandbox.prefix();
            // killed after reserving: an address with no pod
            Files.writeString(dir.resolve("10.244.6.50"), "reserved\r\neth0");
            // killed inside "ip netns add": a file in the run directory with no namespace bound to it
            Files.writeString(dir.resolve("10.244.6.51"), "unbound\r\neth0");
            Files.createFile(Path.of("/run/netns", p + "unbound"));
            // killed between the namespace and its veth (or a removal between the veth and the namespace)
            Files.writeString(dir.resolve("10.244.6.52"), "bare\r\neth0");
            Commands.run("ip", "netns", "add", p + "bare");
            // killed before the mark: a wired pod whose host end carries no alias
            Pod unmarked = net.addPod("unmarked");
            fx.sandbox.ip("link", "set", "dev", unmarked.hostInterfaceName(), "alias", "");
            // a torn reservation file (killed between create and write)
            Files.writeString(dir.resolve("10.244.6.53"), "");
            // a host end on the bridge that no reservation explains (released by someone else, host-local's DEL)
            Pod released = net.addPod("released");
            Files.delete(dir.resolve(released.address().getHostAddress()));

            assertEquals(List.of("kept"), net.pods().stream().map(Pod::id).toList(), "only the complete pod counts");
            CollectedGarbage gc = net.collectGarbage(Set.of("kept", "unmarked", "bare"));

            assertEquals(new TreeSet<>(List.of("reserved", "unbound", "bare", "unmarked")), new TreeSet<>(gc.pods()), gc.toString());
            assertTrue(gc.addresses().containsAll(List.of(InetAddress.ofLiteral("10.244.6.50"), InetAddress.ofLiteral("10.244.6.53"))),
                    gc.toString());
            assertEquals(new TreeSet<>(List.of(p + "unbound", p + "bare", p + "unmarked", p + "released")), new TreeSet<>(gc.namespaces()),
                    gc.toString());
            assertTrue(gc.hostInterfaces().containsAll(List.of(unmarked.hostInterfaceName(), released.hostInterfaceName())), gc.toString());
            // the witnesses: exactly the complete live pod is left, in the kernel and on disk
            assertEquals(List.of(kept.hostInterfaceName()), fx.bridgePorts());
            assertEquals(List.of(p + "kept"), fx.podNamespaces());
            assertEquals(Set.of(kept.address().getHostAddress(), "last_reserved_ip.0", "lock"), fx.stateFiles());
            SharedNetworkFixture.tcp(kept, net.addPod("again"));
        }
    }
}
