package dev.netns.linux.pod;

import dev.netns.linux.testing.KernelTest;
import dev.netns.NetnsException;
import dev.netns.NoSuchNamespaceException;
import dev.netns.Pod;
import dev.netns.PodNetwork;
import dev.netns.witness.Commands;
import dev.netns.witness.Ip;
import dev.netns.witness.Proc;
import dev.netns.witness.SandboxNode;
import dev.netns.linux.testing.TestNames;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a pod network holds on its own: its node handle (the caller may close theirs first), a
 * pod's namespace by identity (a name re-created by someone else is not deleted), and a pod's
 * addresses while its veth still exists. Witnessed with {@code ip}.
 */
@KernelTest
class PodOwnershipTest {
    @AutoClose
    private final SandboxNode sandbox = SandboxNode.open(TestNames.OWNER);

    /** The sandbox node is made with the instance; JUnit reports a failure to make it. */
    PodOwnershipTest() throws NetnsException {
    }

    private PodNetwork.Builder network() {
        return PodNetwork.builder().node(sandbox.namespace()).namespacePrefix(sandbox.prefix()).subnet("10.244.7.0/24");
    }

    @Test
    void theNetworkOutlivesTheCallersNodeHandle() throws Exception {
        PodNetwork net = network().create();
        Pod a = net.addPod("a");
        sandbox.namespace().close(); // the caller is done with its handle
        assertSame(sandbox.namespace(), net.node(), "node() is still the caller's handle");
        Pod b = net.addPod("b");
        assertTrue(sandbox.ip("-o", "link", "show", "dev", b.hostInterfaceName()).contains("master cni0"));
        net.close();
        assertFalse(sandbox.ip("-o", "link", "show").contains("cni0"), "the bridge is gone");
        assertFalse(Ip.netnsList().contains(a.namespace().name().orElseThrow()));
        assertFalse(Ip.netnsList().contains(b.namespace().name().orElseThrow()));
    }

    @Test
    void removePodLeavesANamespaceCreatedAgainUnderThePodsName() throws Exception {
        try (PodNetwork net = network().create()) {
            Pod a = net.addPod("a");
            String ns = a.namespace().name().orElseThrow();
            Commands.run("ip", "netns", "del", ns);
            Commands.run("ip", "netns", "add", ns);
            long other = Proc.inodeOf("/run/netns/" + ns);
            NoSuchNamespaceException e = assertThrows(NoSuchNamespaceException.class, () -> net.removePod("a"));
            assertTrue(e.getMessage().contains(Long.toString(other)), e.getMessage());
            assertEquals(other, Proc.inodeOf("/run/netns/" + ns), "the other namespace is still there");
            assertFalse(sandbox.ip("-o", "link", "show").contains(a.hostInterfaceName()), "the pod's veth is gone");
            assertTrue(net.pods().isEmpty(), "the pod is no longer in the network");
            Commands.run("ip", "netns", "del", ns);
        }
    }

    @Test
    void aFailedHostEndDeleteKeepsThePodAndItsAddress() throws Exception {
        try (PodNetwork net = network().create()) {
            Pod a = net.addPod("a");
            Thread.currentThread().interrupt(); // a real failure: the netlink request is refused before it is sent
            try {
                assertThrows(NetnsException.class, () -> net.removePod("a"));
            } finally {
                Thread.interrupted();
            }
            assertSame(a, net.pod("a"), "the pod is still in the network");
            assertTrue(sandbox.ip("-o", "link", "show", "dev", a.hostInterfaceName()).contains("master cni0"));
            Pod b = net.addPod("b");
            assertNotEquals(a.address(), b.address(), "the address still on a's eth0 is not handed out again");
            net.removePod("a");
            assertFalse(Ip.netnsList().contains(a.namespace().name().orElseThrow()));
        }
    }
}
