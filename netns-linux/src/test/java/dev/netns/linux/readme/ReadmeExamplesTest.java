package dev.netns.linux.readme;

import dev.netns.Cluster;
import dev.netns.ClusterNode;
import dev.netns.IpPrefix;
import dev.netns.NetnsException;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkEvent;
import dev.netns.NetworkNamespaces;
import dev.netns.NetworkWatch;
import dev.netns.Pod;
import dev.netns.PodNetwork;
import dev.netns.VethPair;
import dev.netns.witness.Commands;
import dev.netns.witness.Ip;
import dev.netns.linux.testing.TestNames;
import dev.netns.linux.testing.KernelTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's examples, as written there (names made unique), so the README cannot rot. */
@KernelTest
class ReadmeExamplesTest {

    @Test
    void podToPodExample() throws Exception {
        String prefix = TestNames.OWNER.uniqueName("rd") + "-";
        try (NetworkNamespace node = NetworkNamespaces.create();
             PodNetwork net = PodNetwork.builder().node(node).namespacePrefix(prefix)
                     .bridgeName("cni0").subnet("10.244.1.0/24").create()) {
            Pod web = net.addPod("web");
            Pod client = net.addPod("client");
            assertEquals("10.244.1.2", web.address().getHostAddress());
            assertEquals("10.244.1.3", client.address().getHostAddress());
            try (ServerSocket server = web.call(() -> new ServerSocket(8080))) {
                client.run(() -> new Socket(web.address(), 8080).close());
                server.setSoTimeout(10_000);
                try (Socket accepted = server.accept()) {
                    assertEquals(client.address(), accepted.getInetAddress());
                }
            }
        }
        assertTrue(Ip.netnsList().stream().noneMatch(n -> n.startsWith(prefix)));
    }

    @Test
    void agentRestartExample(@TempDir Path state) throws Exception {
        String prefix = TestNames.OWNER.uniqueName("rd") + "-";
        try (NetworkNamespace node = NetworkNamespaces.create()) {
            for (int run = 0; run < 2; run++) { // the agent, then the agent after a restart
                try (PodNetwork net = PodNetwork.builder().node(node).name("pods").stateDirectory(state).namespacePrefix(prefix)
                        .bridgeName("cni0").subnet("10.244.1.0/24").open()) {
                    net.collectGarbage(Set.of("web", "db"));
                    if (net.pods().stream().noneMatch(p -> p.id().equals("web"))) {
                        net.addPod("web");
                    }
                    assertEquals(List.of("web"), net.pods().stream().map(Pod::id).toList());
                    assertEquals("10.244.1.2", net.pod("web").address().getHostAddress(), "the same pod both times");
                }
            }
            assertEquals(1, Ip.netnsList().stream().filter(n -> n.startsWith(prefix)).count());
            try (PodNetwork net = PodNetwork.builder().node(node).name("pods").stateDirectory(state).namespacePrefix(prefix)
                    .bridgeName("cni0").subnet("10.244.1.0/24").open()) {
                net.delete();
            }
        }
        assertTrue(Ip.netnsList().stream().noneMatch(n -> n.startsWith(prefix)));
    }

    @Test
    void vethBetweenTwoNamespacesExample() throws Exception {
        String redName = TestNames.OWNER.uniqueName("red");
        String blueName = TestNames.OWNER.uniqueName("blue");
        try (NetworkNamespace red = NetworkNamespaces.create(redName);
             NetworkNamespace blue = NetworkNamespaces.create(blueName)) {
            VethPair.builder().name("to-blue").peerName("to-red")
                    .peerNamespace(blue).up(true).create(red);
            red.addresses().add("to-blue", IpPrefix.parse("10.0.0.1/24"));
            blue.addresses().add("to-red", IpPrefix.parse("10.0.0.2/24"));
            red.links().setUp("lo");
            blue.routes().add(IpPrefix.parse("10.1.0.0/16"), IpPrefix.parseAddress("10.0.0.1"));

            assertTrue(Commands.run("ip", "-n", redName, "-o", "addr", "show", "dev", "to-blue").contains("10.0.0.1/24"));
            assertTrue(Commands.run("ip", "-n", blueName, "route").contains("10.1.0.0/16 via 10.0.0.1 dev to-red"));
            try (ServerSocket server = blue.call(() -> new ServerSocket(9000, 1, IpPrefix.parseAddress("10.0.0.2")))) {
                red.run(() -> new Socket(IpPrefix.parseAddress("10.0.0.2"), 9000).close());
                server.setSoTimeout(10_000);
                server.accept().close();
            }
            red.delete();
            // "the pair goes with the namespace": red's last reference is gone, so is the pair, blue's end too
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (Commands.run("ip", "-n", blueName, "-o", "link", "show").contains("to-red@")
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertFalse(Commands.run("ip", "-n", blueName, "-o", "link", "show").contains("to-red@"),
                    "blue's end went with red");
            blue.delete();
        } finally {
            Ip.netnsDeleteIfPresent(redName);
            Ip.netnsDeleteIfPresent(blueName);
        }
    }

    @Test
    void watchExample() throws Exception {
        BlockingQueue<String> printed = new LinkedBlockingQueue<>();
        try (NetworkNamespace ns = NetworkNamespaces.create();
             NetworkWatch watch = ns.watch(EnumSet.of(NetworkEvent.Kind.LINK, NetworkEvent.Kind.ADDRESS))) {
            watch.subscribe(new Flow.Subscriber<>() {
                public void onSubscribe(Flow.Subscription s) { s.request(Long.MAX_VALUE); }
                public void onNext(NetworkEvent e) {
                    switch (e) {
                        case NetworkEvent.LinkEvent(var action, var link) -> printed.add(action + " " + link.name() + " up=" + link.isUp());
                        case NetworkEvent.AddressEvent(var action, var address) -> printed.add(action + " " + address.prefix());
                        case NetworkEvent.Overrun() -> printed.add("events lost: a fresh snapshot follows");
                        default -> { }
                    }
                }
                public void onError(Throwable t) { printed.add(t.toString()); }
                public void onComplete() { printed.add("watch closed"); }
            });
            assertEquals("EXISTING lo up=false", printed.poll(10, TimeUnit.SECONDS));
            ns.links().setUp("lo");
            Set<String> seen = new HashSet<>();
            while (!seen.containsAll(Set.of("CHANGED lo up=true", "ADDED 127.0.0.1/8"))) {
                String line = printed.poll(10, TimeUnit.SECONDS);
                assertTrue(line != null, "the change to lo and its address, seen: " + seen);
                seen.add(line);
            }
        }
        assertTrue(printed.contains("watch closed"), printed.toString());
    }

    @Test
    void kernelRefusalsCarryTheKernelsMessage() throws Exception {
        try (NetworkNamespace ns = NetworkNamespaces.create()) {
            NetnsException e = assertThrows(NetnsException.class, () -> ns.links().add("d0", "nt-nosuchkind"));
            assertEquals("RTM_NEWLINK d0: Operation not supported (EOPNOTSUPP); kernel: Unknown device type", e.getMessage());
        }
    }

    @Test
    void clusterExample() throws Exception {
        String name = TestNames.OWNER.uniqueName("rdc");
        try (Cluster cluster = Cluster.builder().name(name)
                .nodes(3)
                .podCidr("10.244.0.0/16")
                .mode(Cluster.Mode.VXLAN)
                .create()) {
            Pod a = cluster.node(0).addPod("a");
            Pod b = cluster.node(2).addPod("b");
            for (Pod[] pair : new Pod[][] {{a, b}, {b, a}}) {
                Pod server = pair[1];
                try (ServerSocket listener = server.call(() -> new ServerSocket(8080))) {
                    pair[0].run(() -> new Socket(server.address(), 8080).close());
                    listener.accept().close();
                }
            }
            ClusterNode late = cluster.addNode();
            assertEquals(3, late.index());
            cluster.removeNode(1);
            assertEquals(name + "-node0-a", a.namespace().name().orElseThrow());
            assertTrue(Commands.run("ip", "-n", name + "-node0", "route")
                    .contains("10.244.2.0/24 via 10.244.2.0 dev vxlan.1 proto static onlink"));
            assertTrue(Commands.run("ip", "-n", name + "-node0", "neigh", "show", "dev", "vxlan.1")
                    .contains("10.244.2.0 lladdr 0a:58:0a:f4:02:00 PERMANENT"));
            assertTrue(Commands.run("bridge", "-n", name + "-node0", "fdb", "show", "dev", "vxlan.1")
                    .contains("0a:58:0a:f4:02:00 dst 172.18.0.4 self permanent"));
        }
        assertTrue(Ip.netnsList().stream().noneMatch(n -> n.startsWith(name)));
    }
}
