package dev.netns.linux.pod;

import dev.netns.linux.testing.KernelTest;
import dev.netns.NetnsException;
import dev.netns.Pod;
import dev.netns.PodNetwork;
import dev.netns.witness.Ip;
import dev.netns.witness.SandboxNode;
import dev.netns.linux.testing.TestNames;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pod whose wiring the kernel refuses after its namespace and veth exist is rolled back
 * completely. The refusal is real: in the subnet 0.0.0.0/24 the kernel accepts the addresses (the
 * bridge's gateway, the pod's eth0) but refuses the pod's default route via 0.0.0.1 ("Nexthop has
 * invalid gateway") — in the pod's own batch, after its namespace and veth exist.
 */
@KernelTest
class PodRollbackTest {
    @AutoClose
    private final SandboxNode sandbox = SandboxNode.open(TestNames.OWNER);

    /** The sandbox node is made with the instance; JUnit reports a failure to make it. */
    PodRollbackTest() throws NetnsException {
    }

    @Test
    void aRefusalAfterTheVethExistsLeavesNothingAndReturnsTheAddresses() throws Exception {
        try (PodNetwork net = PodNetwork.builder().node(sandbox.namespace()).namespacePrefix(sandbox.prefix())
                .subnet("0.0.0.0/30").create()) {
            String linksBefore = PodNetworkTest.linkNames(sandbox.ip("-o", "link", "show"));
            List<String> namespacesBefore = Ip.netnsList();
            NetnsException e = assertThrows(NetnsException.class, () -> net.addPod("a"));
            assertEquals("Nexthop has invalid gateway", e.kernelMessage().orElseThrow(), e.getMessage());
            assertTrue(e.getMessage().startsWith("RTM_NEWROUTE"), "refused in the pod's batch: " + e.getMessage());
            assertEquals(linksBefore, PodNetworkTest.linkNames(sandbox.ip("-o", "link", "show")),
                    "the host end is gone from the node");
            assertEquals(namespacesBefore, Ip.netnsList(), "the pod's namespace is gone");
            assertFalse(Ip.netnsList().contains(sandbox.prefix() + "a"));
            assertTrue(net.pods().isEmpty());
            // a /30 holds one pod: a second attempt reaches the kernel again only if the address came back
            NetnsException again = assertThrows(NetnsException.class, () -> net.addPod("b"));
            assertTrue(again.getMessage().startsWith("RTM_NEWROUTE"), again.getMessage());
            assertEquals(linksBefore, PodNetworkTest.linkNames(sandbox.ip("-o", "link", "show")));
        }
    }
}
