package dev.netns.linux.pod;

import dev.netns.NetnsException;
import dev.netns.linux.testing.KernelTest;
import dev.netns.IpPrefix;
import dev.netns.Pod;
import dev.netns.PodNetwork;
import dev.netns.witness.Commands;
import dev.netns.witness.SandboxNode;
import dev.netns.linux.testing.TestNames;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.net.Inet6Address;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** README and Javadoc claims about pod networks that no other test backed, witnessed with {@code ip}. */
@KernelTest
class PodClaimsTest {
    private static final Pattern GROUP = Pattern.compile(" group (\\S+) ");

    @AutoClose
    private final SandboxNode sandbox = SandboxNode.open(TestNames.OWNER);

    /** The sandbox node is made with the instance; JUnit reports a failure to make it. */
    PodClaimsTest() throws NetnsException {
    }

    @Test
    void anIpv6OnlyNetworkGivesPodsOnlyIpv6() throws Exception {
        try (PodNetwork net = PodNetwork.builder().node(sandbox.namespace()).namespacePrefix(sandbox.prefix())
                .subnet("fd00:10:99::/64").create()) {
            Pod a = net.addPod("a");
            assertTrue(a.address() instanceof Inet6Address, "address() is the only address: " + a.address());
            assertEquals(IpPrefix.parseAddress("fd00:10:99::2"), a.address());
            String ns = a.namespace().name().orElseThrow();
            String v4 = Commands.run("ip", "-n", ns, "-4", "-o", "addr", "show", "dev", "eth0");
            assertTrue(v4.isBlank(), "no IPv4 on eth0: " + v4);
            assertTrue(Commands.run("ip", "-n", ns, "-6", "-o", "addr", "show", "dev", "eth0").contains("fd00:10:99::2/64"));
            assertTrue(Commands.run("ip", "-n", ns, "-6", "route", "show").contains("default via fd00:10:99::1 dev eth0"));
            assertTrue(sandbox.ip("-6", "-o", "addr", "show", "dev", "cni0").contains("fd00:10:99::1/64"));
        }
    }

    @Test
    void theBridgeAndEveryHostEndShareOneDeviceGroupThatCloseDeletes() throws Exception {
        PodNetwork net = PodNetwork.builder().node(sandbox.namespace()).namespacePrefix(sandbox.prefix())
                .subnet("10.244.9.0/24").create();
        Pod a = net.addPod("a");
        Pod b = net.addPod("b");
        Set<String> groups = sandbox.ip("-o", "link", "show").lines()
                .filter(l -> l.contains(": cni0:") || l.contains(a.hostInterfaceName()) || l.contains(b.hostInterfaceName()))
                .map(l -> {
                    Matcher m = GROUP.matcher(l);
                    return m.find() ? m.group(1) : "none";
                })
                .collect(Collectors.toSet());
        assertEquals(1, groups.size(), "one group for the bridge and both host ends: " + groups);
        assertNotEquals("default", groups.iterator().next());
        net.close(); // ip link del group G
        String left = sandbox.ip("-o", "link", "show");
        assertFalse(left.contains("cni0") || left.contains(a.hostInterfaceName()) || left.contains(b.hostInterfaceName()), left);
        assertFalse(left.contains(" group " + groups.iterator().next() + " "), left);
    }
}
