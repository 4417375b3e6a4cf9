package dev.netns.linux.pod;

import dev.netns.CollectedGarbage;
import dev.netns.NetnsException;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import dev.netns.NoSuchNamespaceException;
import dev.netns.Pod;
import dev.netns.PodNetwork;
import dev.netns.witness.Commands;
import dev.netns.witness.Ip;
import dev.netns.witness.Proc;
import dev.netns.linux.testing.TestNames;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** open(), attach/detach, the rules between networks and a bad state directory, in one process. */
class DurablePodNetworkTest {
    @AutoClose
    private final SharedNetworkFixture fx = new SharedNetworkFixture("dunode", "10.244.8.0/24");

    DurablePodNetworkTest() throws Exception {
    }

    @Test
    void twoHandlesSeeEachOthersPodsAndCloseReleasesOnlyTheHandle() throws Exception {
        try (PodNetwork one = fx.builder().open(); PodNetwork two = fx.builder().open()) {
            Pod a = one.addPod("a");
            Pod b = two.addPod("b");
            assertEquals("10.244.8.2", a.address().getHostAddress());
            assertEquals("10.244.8.3", b.address().getHostAddress());
            assertEquals(List.of("a", "b"), two.pods().stream().map(Pod::id).sorted().toList());
            SharedNetworkFixture.tcp(two.pod("a"), one.pod("b"));
            one.close();
            assertTrue(one.isClosed());
            assertThrows(IllegalStateException.class, () -> one.addPod("c"));
            assertEquals(2, fx.bridgePorts().size(), "the pods outlive the handle that made them");
            two.removePod("a");
            assertThrows(NoSuchElementException.class, () -> two.removePod("a"));
            two.detach("a"); // idempotent
            assertEquals(List.of(fx.sandbox.prefix() + "b"), fx.podNamespaces());
            assertEquals(Set.of("10.244.8.3", "last_reserved_ip.0", "lock"), fx.stateFiles());
        }
    }

    @Test
    void anotherHandleNeitherHandsOutNorDeletesANamespaceCreatedAgainUnderThePodsName() throws Exception {
        try (PodNetwork one = fx.builder().open(); PodNetwork two = fx.builder().open()) {
            Pod a = one.addPod("a"); // one's handle keeps the pod's namespace, and so its veth, alive
            String ns = a.namespace().name().orElseThrow();
            long own = Proc.inodeOf("/run/netns/" + ns);
            Commands.run("ip", "netns", "del", ns);
            Commands.run("ip", "netns", "add", ns);
            long other = Proc.inodeOf("/run/netns/" + ns);
            try {
                assertEquals(List.of(), two.pods(), "the name now denotes someone else's namespace: not a's");
                NoSuchNamespaceException e = assertThrows(NoSuchNamespaceException.class, () -> two.removePod("a"));
                assertTrue(e.getMessage().contains(Long.toString(own)) && e.getMessage().contains(Long.toString(other)),
                        e.getMessage());
                assertEquals(other, Proc.inodeOf("/run/netns/" + ns), "the other namespace is still there");
                assertEquals(List.of(), fx.bridgePorts(), "a's host end is gone");
                assertEquals(Set.of("last_reserved_ip.0", "lock"), fx.stateFiles(), "a's address is released");
            } finally {
                Commands.run("ip", "netns", "del", ns);
            }
        }
    }

    @Test
    void attachAndDetachANamespaceMadeByIpNetnsAdd() throws Exception {
        String runtimeNs = TestNames.OWNER.uniqueName("rt");
        Commands.run("ip", "netns", "add", runtimeNs);
        try (PodNetwork net = fx.builder().open(); NetworkNamespace ns = NetworkNamespaces.open(runtimeNs)) {
            Pod pod = net.attach("c0ffee", ns, "net1");
            assertEquals("c0ffee", pod.id());
            assertEquals("net1", pod.interfaceName());
            String inside = Commands.run("ip", "-n", runtimeNs, "-o", "addr", "show", "dev", "net1");
            assertTrue(inside.contains("inet 10.244.8.2/24"), inside);
            assertTrue(Commands.run("ip", "-n", runtimeNs, "route").contains("default via 10.244.8.1 dev net1"));
            assertEquals(List.of(pod.hostInterfaceName()), fx.bridgePorts());
            assertEquals("c0ffee\r\nnet1", Files.readString(fx.networkDir().resolve("10.244.8.2"), StandardCharsets.UTF_8));
            try (PodNetwork other = fx.builder().open()) { // another handle finds it, namespace included
                Pod seen = other.pod("c0ffee");
                assertEquals(ns.id(), seen.namespace().id());
                SharedNetworkFixture.tcp(seen, net.addPod("peer"));
            }
            net.detach("c0ffee");
            assertFalse(Commands.run("ip", "-n", runtimeNs, "-o", "link").contains("net1"), "what attach made is gone");
            assertTrue(Ip.netnsList().contains(runtimeNs), "the runtime's namespace stays");
            assertFalse(Files.exists(fx.networkDir().resolve("10.244.8.2")));
            net.detach("c0ffee");
            net.detach("never-attached");
            CollectedGarbage gc = net.collectGarbage(Set.of());
            assertEquals(List.of("peer"), gc.pods());
            assertTrue(Ip.netnsList().contains(runtimeNs), "GC never deletes a namespace it did not make");
        } finally {
            Ip.netnsDeleteIfPresent(runtimeNs);
        }
    }

    @Test
    void overlappingSubnetsAndForeignBridgesAreRefusedNamingBoth() throws Exception {
        try (PodNetwork first = fx.builder().open()) {
            IllegalStateException overlap = assertThrows(IllegalStateException.class, () -> PodNetwork.builder().node(fx.node())
                    .stateDirectory(fx.state).name("other").bridgeName("cni1").subnet("10.244.8.128/25").open());
            assertTrue(overlap.getMessage().contains("network other") && overlap.getMessage().contains("network pods")
                    && overlap.getMessage().contains("10.244.8.1/24"), overlap.getMessage());
            IllegalStateException created = assertThrows(IllegalStateException.class,
                    () -> PodNetwork.builder().node(fx.node()).bridgeName("cni2").subnet("10.244.0.0/16").create());
            assertTrue(created.getMessage().contains("network pods"), created.getMessage());
            IllegalStateException reused = assertThrows(IllegalStateException.class, () -> PodNetwork.builder().node(fx.node())
                    .stateDirectory(fx.state).name("pods").bridgeName("cni0").subnet("10.245.0.0/24").open());
            assertTrue(reused.getMessage().contains("10.244.8.1/24") && reused.getMessage().contains("10.245.0.1/24"), reused.getMessage());
            IllegalStateException foreign = assertThrows(IllegalStateException.class, () -> PodNetwork.builder().node(fx.node())
                    .stateDirectory(fx.state).name("third").bridgeName("cni0").subnet("10.244.8.0/24").open());
            assertTrue(foreign.getMessage().contains("belongs to network pods"), foreign.getMessage());
            assertEquals(List.of("cni0"), bridges(), "nothing was made by the refused networks");
            first.delete();
        }
    }

    private List<String> bridges() {
        return List.of(fx.sandbox.ip("-o", "link", "show", "type", "bridge").split("\n")).stream()
                .filter(l -> !l.isBlank()).map(l -> l.split(": ")[1]).toList();
    }

    @Test
    void corruptAndForeignFilesAreReportedWithTheirPathAndNeverHandedOut() throws Exception {
        Path dir = Files.createDirectories(fx.networkDir());
        Files.writeString(dir.resolve("notes.txt"), "hello");
        Files.writeString(dir.resolve("10.9.9.9"), "someone\r\neth0");
        Files.writeString(dir.resolve("10.244.8.2"), "ghost\r\neth0"); // a pod nobody made
        try (PodNetwork net = fx.builder().open()) {
            assertEquals("10.244.8.3", net.addPod("a").address().getHostAddress(), "the reserved .2 is not handed out");
            CollectedGarbage gc = net.collectGarbage(Set.of("a"));
            assertEquals(List.of("ghost"), gc.pods());
            assertEquals(2, gc.problems().size(), gc.problems().toString());
            assertTrue(gc.problems().stream().anyMatch(p -> p.startsWith(dir.resolve("notes.txt").toString())), gc.problems().toString());
            assertTrue(gc.problems().stream().anyMatch(p -> p.startsWith(dir.resolve("10.9.9.9").toString())), gc.problems().toString());
            assertTrue(Files.exists(dir.resolve("notes.txt")) && Files.exists(dir.resolve("10.9.9.9")), "foreign files are left alone");
        }
    }

    @Test
    void anUnusableStateDirectoryFailsWithNothingMade() throws Exception {
        Path notADirectory = Files.writeString(fx.state.resolve("file"), "x");
        NetnsException e = assertThrows(NetnsException.class, () -> PodNetwork.builder().node(fx.node())
                .stateDirectory(notADirectory).subnet("10.244.8.0/24").open());
        assertTrue(e.getMessage().contains(notADirectory.toString()), e.getMessage());
        assertEquals(List.of(), bridges());
    }

    @Test
    void aNetworkDeletedByAnotherHandleIsGoneForEveryone() throws Exception {
        try (PodNetwork one = fx.builder().open(); PodNetwork two = fx.builder().open()) {
            one.addPod("a");
            String runtimeNs = TestNames.OWNER.uniqueName("rt");
            Commands.run("ip", "netns", "add", runtimeNs);
            try (NetworkNamespace ns = NetworkNamespaces.open(runtimeNs)) {
                one.attach("b", ns, "eth0");
                two.delete();
                assertTrue(Ip.netnsList().contains(runtimeNs), "delete keeps attached namespaces");
                assertFalse(Commands.run("ip", "-n", runtimeNs, "-o", "link").contains("eth0"));
            } finally {
                Ip.netnsDeleteIfPresent(runtimeNs);
            }
            assertEquals(List.of(), fx.podNamespaces());
            assertEquals(List.of(), bridges());
            assertFalse(Files.exists(fx.networkDir()));
        }
    }
}
