package dev.netns.linux.ns;

import dev.netns.linux.testing.KernelTest;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import dev.netns.VethPair;
import dev.netns.linux.testing.ChildJvm;
import dev.netns.witness.Commands;
import dev.netns.witness.Ip;
import dev.netns.linux.testing.TestNames;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Claims of the Javadoc and README about namespaces that no other test backed. */
@KernelTest
class ClaimsTest {

    @Test
    void aStrandedThreadIsRefusedAnyFurtherNamespaceWork() throws Exception {
        try (NetworkNamespace ns = NetworkNamespaces.create()) {
            AtomicReference<Throwable> refused = new AtomicReference<>();
            AtomicBoolean ran = new AtomicBoolean();
            Thread t = Thread.ofPlatform().start(() -> {
                ThreadSwitch.strand("(a test's namespace)"); // what a failed way back leaves on the thread
                try {
                    ns.run(() -> ran.set(true));
                } catch (Throwable e) {
                    refused.set(e);
                }
            });
            assertTrue(t.join(Duration.ofSeconds(10)));
            assertFalse(ran.get(), "the task did not run");
            assertTrue(refused.get() instanceof IllegalStateException, String.valueOf(refused.get()));
            assertTrue(refused.get().getMessage().contains("could not be returned from network namespace (a test's namespace)"),
                    refused.get().getMessage());
        }
    }

    @Test
    void aClosedNetlinkSocketIsReplacedOnTheHandlesNextUse() throws Exception {
        // what the netlink layer does with a socket it could not drain: close it; the handle opens a new one
        try (NetworkNamespace ns = NetworkNamespaces.create()) {
            LinuxNetworkNamespace linux = (LinuxNetworkNamespace) ns;
            var first = linux.netlinkViews();
            first.close();
            assertTrue(ns.links().find("lo").isPresent(), "a new socket inside the same namespace");
            assertTrue(linux.netlinkViews() != first);
        }
    }

    @Test
    void theRunDirectoryIsVarRunNetnsWhereThereIsNoRun() throws Exception {
        Path root = Files.createTempDirectory("netns-root");
        try {
            assertEquals(root.resolve("var/run/netns"), RunDirectory.under(root).path(), "no /run: iproute2's fallback");
            Files.createDirectory(root.resolve("run"));
            assertEquals(root.resolve("run/netns"), RunDirectory.under(root).path());
            assertEquals(Path.of("/run/netns"), RunDirectory.system().path());
        } finally {
            ChildJvm.deleteTree(root);
        }
    }

    @Test
    void aVethPairNeverClosesTheNamespacesItIsGiven() throws Exception {
        String name = TestNames.OWNER.uniqueName("veth-owner");
        try (NetworkNamespace a = NetworkNamespaces.create(name); NetworkNamespace b = NetworkNamespaces.create()) {
            VethPair pair = VethPair.builder().name("va").peerName("vb").peerNamespace(b).create(a);
            pair.delete();
            assertFalse(a.isClosed());
            assertFalse(b.isClosed());
            a.links().setUp("lo"); // both still usable
            assertTrue(b.links().find("lo").isPresent());
            assertTrue(Commands.run("ip", "-n", name, "-o", "link", "show").contains("lo:"));
            a.delete();
        } finally {
            Ip.netnsDeleteIfPresent(name);
        }
    }
}
