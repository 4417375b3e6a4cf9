package dev.netns.examples;

import dev.netns.witness.Commands;
import dev.netns.witness.Ip;
import dev.netns.witness.Owner;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code pod add|list|del} on a node of its own, checked with iproute2 and real traffic between the pods. */
@KernelTest
class PodCommandTest {
    private final String node = Owner.of("nx").uniqueName("node");

    @AfterEach
    void cleanup() {
        Ip.netnsDeleteAll(node);
    }

    @Test
    void podsAreBuiltTheKubernetesBridgeWayAndSurviveBetweenCommands() throws Exception {
        Cli.Result first = Cli.run("pod", "add", "web", "--node", node, "--subnet", "10.250.0.0/29");
        assertEquals(0, first.status(), first::toString);
        assertTrue(first.out().startsWith("created node namespace " + node), first::toString);
        Cli.Result second = Cli.run("pod", "add", "db", "--node", node);
        assertEquals(0, second.status(), second::toString);

        // witnesses: the bridge with the gateway in the node, two ports on it; each pod's eth0, address and route
        assertTrue(Commands.run("ip", "-n", node, "-o", "addr", "show", "dev", "cni0").contains("inet 10.250.0.1/29"));
        assertEquals(2, Commands.run("ip", "-n", node, "-o", "link", "show", "master", "cni0").lines().count());
        assertTrue(Commands.run("ip", "-n", node + "-web", "-o", "addr", "show", "dev", "eth0").contains("inet 10.250.0.2/29"));
        assertTrue(Commands.run("ip", "-n", node + "-db", "-o", "addr", "show", "dev", "eth0").contains("inet 10.250.0.3/29"));
        assertTrue(Commands.run("ip", "-n", node + "-db", "route", "show", "default").contains("default via 10.250.0.1 dev eth0"));

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

        Cli.Result list = Cli.run("pod", "list", "--node", node, "--diagram");
        assertEquals(0, list.status(), list::toString);
        List<String> lines = list.out().lines().toList();
        assertTrue(lines.get(0).contains("gateway 10.250.0.1/29, 2 pods"), list::toString);
        assertTrue(lines.get(1).matches("POD +ADDRESS +NAMESPACE +HOST-IF"), list::toString);
        assertTrue(lines.get(2).matches("db +10\\.250\\.0\\.3/29 +/run/netns/" + node + "-db +veth[0-9a-f]{11}"), list::toString);
        assertTrue(lines.get(3).matches("web +10\\.250\\.0\\.2/29 +/run/netns/" + node + "-web +veth[0-9a-f]{11}"), list::toString);
        // the reservations, as host-local keeps them
        Path reservations = Path.of(System.getProperty(PodNode.STATE_PROPERTY), node);
        assertEquals("web\r\neth0", Files.readString(reservations.resolve("10.250.0.2")));
        assertEquals("db\r\neth0", Files.readString(reservations.resolve("10.250.0.3")));
        assertTrue(list.out().contains("node namespace " + node) && list.out().contains("veth pair"), "the diagram follows");

        Cli.Result dup = Cli.run("pod", "add", "web", "--node", node);
        assertEquals(1, dup.status(), dup::toString);
        assertEquals("netns: pod web exists on node " + node + ".\n", dup.err());
        Cli.Result otherSubnet = Cli.run("pod", "add", "x", "--node", node, "--subnet", "10.9.0.0/24");
        assertEquals(1, otherSubnet.status(), otherSubnet::toString);
        assertTrue(otherSubnet.err().contains("already has subnet 10.250.0.0/29"), otherSubnet::toString);

        String webHost = lines.get(3).replaceAll(".* ", "");
        Cli.Result del = Cli.run("pod", "del", "web", "--node", node);
        assertEquals(0, del.status(), del::toString);
        assertFalse(Ip.netnsList().contains(node + "-web"));
        assertTrue(Commands.exec("ip", "-n", node, "link", "show", webHost).exit() != 0, "its host end is gone");
        assertTrue(Ip.netnsList().contains(node + "-db"));

        // round robin as host-local: the next address after the last one handed out, the freed one later
        Cli.Result again = Cli.run("pod", "add", "cache", "--node", node);
        assertTrue(again.out().contains("eth0 10.250.0.4/29"), again::toString);

        Cli.Result all = Cli.run("pod", "del", "--all", "--node", node);
        assertEquals(0, all.status(), all::toString);
        assertEquals("removed 2 pods, bridge cni0 and node namespace " + node + "\n", all.out());
        assertTrue(Ip.netnsList().stream().noneMatch(n -> n.startsWith(node)), () -> "left: " + Ip.netnsList());
        assertFalse(Files.exists(reservations), "the reservations went with the network");
    }

    @Test
    void aFullSubnetSaysSo() {
        // a /30 holds the gateway and one pod
        assertEquals(0, Cli.run("pod", "add", "a", "--node", node, "--subnet", "10.250.1.0/30").status());
        Cli.Result full = Cli.run("pod", "add", "b", "--node", node);
        assertEquals(1, full.status(), full::toString);
        assertTrue(full.err().startsWith("netns: subnet 10.250.1.0/30 is exhausted: all 1 pod addresses are in use"), full::toString);
        assertFalse(Ip.netnsList().contains(node + "-b"), "nothing half-made");
    }

    @Test
    void listAndDelWithoutANetwork() {
        Cli.Result list = Cli.run("pod", "list", "--node", node);
        assertEquals(0, list.status(), list::toString);
        assertEquals("no pod network on node " + node + " (the first 'pod add' makes one)\n", list.out());
        Cli.Result del = Cli.run("pod", "del", "--all", "--node", node);
        assertEquals(1, del.status(), del::toString);
        assertEquals("netns: there is no pod network on node " + node + ".\n", del.err());
    }

    @Test
    void aNamespaceThatIsNotAPodNetworkIsLeftAlone() {
        Commands.run("ip", "netns", "add", node);
        for (String[] args : new String[][] {{"pod", "add", "a", "--node", node}, {"pod", "list", "--node", node}, {"pod", "del", "--all", "--node", node}}) {
            Cli.Result r = Cli.run(args);
            assertEquals(1, r.status(), r::toString);
            assertEquals("netns: namespace " + node + " exists but has no bridge cni0, so it is not a pod network: choose another --node.\n", r.err());
        }
        assertTrue(Ip.netnsList().contains(node));
        assertFalse(Ip.netnsList().contains(node + "-a"));
    }

    @Test
    void twoCommandsAtOnceNeverShareAnAddress() throws Exception {
        assertEquals(0, Cli.run("pod", "add", "first", "--node", node, "--subnet", "10.250.2.0/24").status());
        List<Process> running = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            running.add(new ProcessBuilder(Cli.javaCommand(true, Cli.classPath(), "pod", "add", "p" + i, "--node", node))
                    .redirectErrorStream(true).start());
        }
        for (Process p : running) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0, out);
        }
        Cli.Result list = Cli.run("pod", "list", "--node", node);
        List<String> addresses = list.out().lines().skip(2).map(l -> l.split(" +")[1]).toList();
        assertEquals(4, addresses.size(), list::toString);
        assertEquals(4, Set.copyOf(addresses).size(), list::toString);
    }

    private static InetAddress addr(String s) {
        return IpPrefix.parseAddress(s);
    }
}
