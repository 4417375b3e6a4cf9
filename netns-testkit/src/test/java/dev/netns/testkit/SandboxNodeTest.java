package dev.netns.testkit;

import dev.netns.NetworkNamespace;
import dev.netns.witness.Commands;
import dev.netns.witness.Ip;
import dev.netns.witness.Owner;
import dev.netns.witness.Proc;
import dev.netns.witness.SandboxNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The witness module's {@link SandboxNode} against the real kernel (tested here, where a provider is on the
 * class path): it sweeps dead owners' leftovers, and its close removes everything under its prefix,
 * also after the code using it failed. Witnessed with {@code ip netns list} and /proc/self/mountinfo.
 */
@KernelTest
class SandboxNodeTest {

    private static List<String> under(String prefix) {
        return Ip.netnsList().stream().filter(n -> n.startsWith(prefix)).toList();
    }

    @Test
    void openSweepsWhatADeadOwnerLeftAndKeepsWhatALiveOneHas() throws Exception {
        Owner owner = Owner.of("sbsweep"); // a tag of this test alone: the sweep runs once per tag and JVM
        Process finished = new ProcessBuilder("true").start();
        assertTrue(finished.waitFor(10, TimeUnit.SECONDS));
        String pidns = Owner.pidNamespace() == Owner.INITIAL_PID_NAMESPACE ? "" : "." + Owner.pidNamespace();
        String dead = "sbsweep-" + finished.pid() + pidns + "-1-pod";
        Process live = new ProcessBuilder("sleep", "60").start();
        String alive = "sbsweep-" + live.pid() + pidns + "-1";
        try {
            Commands.run("ip", "netns", "add", dead);
            Commands.run("ip", "netns", "add", alive);
            try (SandboxNode node = SandboxNode.open(owner)) {
                List<String> names = Ip.netnsList();
                assertFalse(names.contains(dead), "a dead owner's leftover is swept: " + names);
                assertTrue(names.contains(alive), "a live owner's namespace is kept");
                assertTrue(names.contains(node.name()));
                assertTrue(node.name().startsWith(owner.prefix()), node.name());
            }
        } finally {
            live.destroyForcibly();
            Ip.netnsDeleteIfPresent(dead);
            Ip.netnsDeleteIfPresent(alive);
        }
    }

    @Test
    void closeRemovesAllItMadeAndAllUnderItsPrefixAfterAFailure() throws Exception {
        SandboxNode node = SandboxNode.open(Sweeper.OWNER);
        List<NetworkNamespace> handles = new java.util.ArrayList<>();
        try (node) {
            handles.add(node.named("a"));
            handles.add(node.anonymous());
            Commands.run("ip", "netns", "add", node.newName("by-ip")); // made by other means, still under the prefix
            assertEquals(3, under(node.name()).size(), under(node.name()).toString());
            assertEquals(3, Proc.nsfsMounts("/run/netns/" + node.name()));
            throw new IllegalStateException("the test failed half-way");
        } catch (IllegalStateException expected) {
            // the sandbox closed all the same
        }
        assertEquals(List.of(), under(node.name()), "nothing of the sandbox is left");
        assertEquals(0, Proc.nsfsMounts("/run/netns/" + node.name()));
        assertEquals(2, handles.size());
        assertTrue(handles.stream().allMatch(NetworkNamespace::isClosed) && node.namespace().isClosed());
        assertTrue(node.isClosed());
        node.close(); // a second close does nothing
        assertThrows(IllegalStateException.class, () -> node.named("late"));
    }

    @Test
    void theNodeIsSeenByIpInsideIt() throws Exception {
        try (SandboxNode node = SandboxNode.open(Sweeper.OWNER)) {
            assertTrue(node.ip("-j", "link", "show").contains("\"ifname\":\"lo\""));
            assertEquals(List.of("lo"), Ip.links(node.name()).stream().map(Ip.Link::name).toList());
            assertEquals(Proc.inodeOf("/run/netns/" + node.name()), node.namespace().id().inode());
        }
    }
}
