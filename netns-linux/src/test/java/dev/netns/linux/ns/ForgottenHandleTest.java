package dev.netns.linux.ns;

import dev.netns.linux.testing.KernelTest;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import dev.netns.VethPair;
import dev.netns.witness.Commands;
import dev.netns.witness.Ip;
import dev.netns.linux.testing.TestNames;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A handle dropped without {@code close()} releases everything it holds once collected: its nsfs
 * descriptor and the rtnetlink socket opened inside, which alone would keep the namespace (and
 * every veth end in it) alive for the JVM's life. Witnessed by counting this JVM's sockets in
 * /proc/self/fd and the node's links with {@code ip}.
 */
@KernelTest
class ForgottenHandleTest {
    private static final int HANDLES = 30;

    private static long sockets() {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith("socket:");
                } catch (IOException closedMeanwhile) {
                    return false;
                }
            }).count();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static long peersIn(String node) {
        return Commands.run("ip", "-n", node, "-o", "link", "show").lines().filter(l -> l.contains(": fg")).count();
    }

    /** Drops the handles inside this frame so nothing on the test's stack refers to them. */
    private static void forget(NetworkNamespace node) throws Exception {
        for (int i = 0; i < HANDLES; i++) {
            NetworkNamespace ns = NetworkNamespaces.create();
            VethPair.builder().name("eth0").peerName("fg" + i).peerNamespace(node).create(ns); // ns's own socket
            if (node.links().find("fg" + i).isEmpty()) {
                throw new AssertionError("pair " + i + " was not made");
            }
        }
    }

    @Test
    void aCollectedHandleReleasesItsSocketSoItsNamespaceAndVethEndsGo() throws Exception {
        String nodeName = TestNames.OWNER.uniqueName("forgot");
        PrintStream originalErr = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (NetworkNamespace node = NetworkNamespaces.create(nodeName)) {
            node.links().list(); // the node's own socket, opened before counting
            long before = sockets();
            System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
            forget(node);
            // (a collection may already have started releasing them: each is unreachable after its round)
            long deadline = System.nanoTime() + 30_000_000_000L;
            while ((sockets() > before || peersIn(nodeName) > 0) && System.nanoTime() < deadline) {
                System.gc();
                Thread.sleep(100);
            }
            System.setErr(originalErr);
            assertEquals(before, sockets(), "every forgotten handle's rtnetlink socket was closed");
            assertEquals(0, peersIn(nodeName), "the namespaces ended, and the veth ends in the node with them");
            String warnings = log.toString(StandardCharsets.UTF_8);
            assertTrue(warnings.contains("was never closed; released now: its descriptor")
                    && warnings.contains("and its rtnetlink socket"), warnings);
        } finally {
            System.setErr(originalErr);
            Ip.netnsDeleteIfPresent(nodeName);
        }
    }
}
