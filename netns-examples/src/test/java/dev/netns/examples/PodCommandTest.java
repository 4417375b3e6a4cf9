package dev.netns.examples;

import dev.netns.testkit.KernelTest;
import dev.netns.IpPrefix;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code pod add|list|del} on a node of its own, checked with iproute2 and real traffic between the pods. */
@KernelTest
class PodCommandTest {
    private final String node = Kernel.uniqueName("node");

    @AfterEach
    void cleanup() {
        Kernel.deleteNamespaces(node);
    }

    @Test
    void podsAreBuiltTheKubernetesBridgeWayAndSurviveBetweenCommands() throws Exception {
        Kernel.Cli first = Kernel.cli("pod", "add", "web", "--node", node, "--subnet", "10.250.0.0/29");
        assertEquals(0, first.status(), first::toString);
        assertTrue(first.out().startsWith("created node namespace " + node), first::toString);
        Kernel.Cli second = Kernel.cli("pod", "add", "db", "--node", node);
        assertEquals(0, second.status(), second::toString);

        // witnesses: the bridge with the gateway in the node, two ports on it; each pod's eth0, address and route
        assertTrue(Kernel.run("ip", "-n", node, "-o", "addr", "show", "dev", "cni0").contains("inet 10.250.0.1/29"));
        assertEquals(2, Kernel.run("ip", "-n", node, "-o", "link", "show", "master", "cni0").lines().count());
        assertTrue(Kernel.run("ip", "-n", node + "-web", "-o", "addr", "show", "dev", "eth0").contains("inet 10.250.0.2/29"));
        assertTrue(Kernel.run("ip", "-n", node + "-db", "-o", "addr", "show", "dev", "eth0").contains("inet 10.250.0.3/29"));
        assertTrue(Kernel.run("ip", "-n", node + "-db", "route", "show", "default").contains("default via 10.250.0.1 dev eth0"));

        // and it carries traffic: db -> web over the bridge
        try (NetworkNamespace web = NetworkNamespaces.open(node + "-web"); NetworkNamespace db = NetworkNamespaces.open(node + "-db");
             ServerSocket server = web.call(() -> new ServerSocket(7000, 1, InetAddress.getByName("10.250.0.2")));
             Socket client = db.call(() -> {
                 Socket s = new Socket();
                 s.connect(new InetSocketAddress("10.250.0.2", 7000), 5000);
                 return s;
             });
             Socket accepted = server.accept()) {
            new PrintWriter(client.getOutputStream(), true, StandardCharsets.UTF_8).println("ping");
            accepted.setSoTimeout(5000);
            assertEquals("ping", new BufferedReader(new InputStreamReader(accepted.getInputStream(), StandardCharsets.UTF_8)).readLine());
            assertEquals(InetAddress.getByName("10.250.0.3"), accepted.getInetAddress());
        }

        Kernel.Cli list = Kernel.cli("pod", "list", "--node", node, "--diagram");
        assertEquals(0, list.status(), list::toString);
        List<String> lines = list.out().lines().toList();
        assertTrue(lines.get(0).contains("gateway 10.250.0.1/29, 2 pods"), list::toString);
        assertTrue(lines.get(1).matches("POD +ADDRESS +NAMESPACE +HOST-IF"), list::toString);
        assertTrue(lines.get(2).matches("db +10\\.250\\.0\\.3/29 +/run/netns/" + node + "-db +veth[0-9a-f]{8}"), list::toString);
        assertTrue(lines.get(3).matches("web +10\\.250\\.0\\.2/29 +/run/netns/" + node + "-web +veth[0-9a-f]{8}"), list::toString);
        assertTrue(list.out().contains("node namespace " + node) && list.out().contains("veth pair"), "the diagram follows");

        Kernel.Cli dup = Kernel.cli("pod", "add", "web", "--node", node);
        assertEquals(1, dup.status(), dup::toString);
        assertEquals("netns: pod web exists on node " + node + ".\n", dup.err());
        Kernel.Cli otherSubnet = Kernel.cli("pod", "add", "x", "--node", node, "--subnet", "10.9.0.0/24");
        assertEquals(1, otherSubnet.status(), otherSubnet::toString);
        assertTrue(otherSubnet.err().contains("already has subnet 10.250.0.0/29"), otherSubnet::toString);

        String webHost = lines.get(3).replaceAll(".* ", "");
        Kernel.Cli del = Kernel.cli("pod", "del", "web", "--node", node);
        assertEquals(0, del.status(), del::toString);
        assertFalse(Kernel.namespaces().contains(node + "-web"));
        assertTrue(Kernel.exec("ip", "-n", node, "link", "show", webHost).status() != 0, "its host end is gone");
        assertTrue(Kernel.namespaces().contains(node + "-db"));

        // the freed address is handed out again
        Kernel.Cli again = Kernel.cli("pod", "add", "cache", "--node", node);
        assertTrue(again.out().contains("eth0 10.250.0.2/29"), again::toString);

        Kernel.Cli all = Kernel.cli("pod", "del", "--all", "--node", node);
        assertEquals(0, all.status(), all::toString);
        assertEquals("removed 2 pods, bridge cni0 and node namespace " + node + "\n", all.out());
        assertTrue(Kernel.namespaces().stream().noneMatch(n -> n.startsWith(node)), () -> "left: " + Kernel.namespaces());
    }

    @Test
    void aFullSubnetSaysSo() {
        // a /30 holds the gateway and one pod
        assertEquals(0, Kernel.cli("pod", "add", "a", "--node", node, "--subnet", "10.250.1.0/30").status());
        Kernel.Cli full = Kernel.cli("pod", "add", "b", "--node", node);
        assertEquals(1, full.status(), full::toString);
        assertEquals("netns: subnet 10.250.1.0/30 has no free address left.\n", full.err());
        assertFalse(Kernel.namespaces().contains(node + "-b"), "nothing half-made");
    }

    @Test
    void listAndDelWithoutANetwork() {
        Kernel.Cli list = Kernel.cli("pod", "list", "--node", node);
        assertEquals(0, list.status(), list::toString);
        assertEquals("no pod network on node " + node + " (the first 'pod add' makes one)\n", list.out());
        Kernel.Cli del = Kernel.cli("pod", "del", "--all", "--node", node);
        assertEquals(1, del.status(), del::toString);
        assertEquals("netns: there is no pod network on node " + node + ".\n", del.err());
    }

    @Test
    void aNamespaceThatIsNotAPodNetworkIsLeftAlone() {
        Kernel.run("ip", "netns", "add", node);
        for (String[] args : new String[][] {{"pod", "add", "a", "--node", node}, {"pod", "list", "--node", node}, {"pod", "del", "--all", "--node", node}}) {
            Kernel.Cli r = Kernel.cli(args);
            assertEquals(1, r.status(), r::toString);
            assertEquals("netns: namespace " + node + " exists but has no bridge cni0, so it is not a pod network: choose another --node.\n", r.err());
        }
        assertTrue(Kernel.namespaces().contains(node));
        assertFalse(Kernel.namespaces().contains(node + "-a"));
    }

    @Test
    void addressArithmetic() {
        IpPrefix gw = IpPrefix.parse("10.244.1.1/24");
        assertEquals(IpPrefix.parse("10.244.1.2/24"), PodStore.nextFree(gw, Set.of(gw.address())));
        assertEquals(IpPrefix.parse("10.244.1.4/24"), PodStore.nextFree(gw, Set.of(gw.address(), addr("10.244.1.2"), addr("10.244.1.3"))));
        assertEquals(addr("10.0.1.0"), PodStore.offset(IpPrefix.parse("10.0.0.0/23"), 256));
        IpPrefix small = IpPrefix.parse("10.0.0.1/30");
        assertEquals(IpPrefix.parse("10.0.0.2/30"), PodStore.nextFree(small, Set.of(small.address())));
        // .3 is the broadcast address of a /30: never handed out
        assertThrows(IllegalStateException.class, () -> PodStore.nextFree(small, Set.of(small.address(), addr("10.0.0.2"))));
        assertTrue(PodStore.hostInterfaceName("netns-node-a-very-long-pod-name").length() <= 15);
    }

    private static InetAddress addr(String s) {
        return IpPrefix.parseAddress(s);
    }
}
