package dev.netns.linux.pod;

import dev.netns.NetnsException;
import dev.netns.IpPrefix;
import dev.netns.NamespaceAlreadyExistsException;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import dev.netns.Pod;
import dev.netns.PodNetwork;
import dev.netns.witness.Commands;
import dev.netns.witness.Ip;
import dev.netns.witness.SandboxNode;
import dev.netns.linux.testing.TestNames;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import dev.netns.linux.testing.KernelTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The seed scenario and the pod network's kernel state, witnessed by iproute2 and real traffic. */
@KernelTest
class PodNetworkTest {
    @AutoClose
    private final SandboxNode sandbox = SandboxNode.open(TestNames.OWNER);
    private final NetworkNamespace node = sandbox.namespace();
    private final String prefix = sandbox.prefix();
    private final String nodeName = sandbox.name();

    /** The sandbox node is made with the instance; JUnit reports a failure to make it. */
    PodNetworkTest() throws NetnsException {
    }

    private PodNetwork.Builder network() {
        return PodNetwork.builder().node(node).namespacePrefix(prefix).subnet("10.244.1.0/24");
    }

    private String ipNode(String... args) {
        return sandbox.ip(args);
    }

    private static String ipIn(Pod pod, String... args) {
        String[] cmd = new String[args.length + 3];
        cmd[0] = "ip";
        cmd[1] = "-n";
        cmd[2] = pod.namespace().name().orElseThrow();
        System.arraycopy(args, 0, cmd, 3, args.length);
        return Commands.run(cmd);
    }

    @Test
    void bridgeCarriesTheGatewayAndPodsAreWiredAsKubernetesDoes() throws Exception {
        try (PodNetwork net = network().create()) {
            assertEquals(List.of(IpPrefix.parse("10.244.1.1/24")), net.gateways());
            String bridge = ipNode("-o", "addr", "show", "dev", "cni0");
            assertTrue(bridge.contains("inet 10.244.1.1/24"), bridge);
            assertTrue(ipNode("-d", "-o", "link", "show", "dev", "cni0").contains("bridge"), "a bridge");

            Pod a = net.addPod("a");
            String ns = prefix + "a";
            assertTrue(Ip.netnsList().contains(ns), "the pod's namespace is a named one");
            assertEquals("10.244.1.2", a.address().getHostAddress());
            assertEquals("eth0", a.interfaceName());
            assertTrue(a.hostInterfaceName().length() <= 15 && a.hostInterfaceName().startsWith("veth"));

            String eth0 = ipIn(a, "-o", "addr", "show", "dev", "eth0");
            assertTrue(eth0.contains("inet 10.244.1.2/24"), eth0);
            String links = ipIn(a, "-o", "link", "show");
            assertTrue(links.contains(": lo: <LOOPBACK,UP,LOWER_UP>"), links);
            assertTrue(links.contains("eth0@") && links.contains("UP"), links);
            String routes = ipIn(a, "route", "show");
            assertTrue(routes.contains("default via 10.244.1.1 dev eth0"), routes);

            String host = ipNode("-o", "link", "show", "dev", a.hostInterfaceName());
            assertTrue(host.contains("master cni0") && host.contains("state UP"), host);
        }
        assertFalse(ipNode("-o", "link", "show").contains("cni0"), "bridge removed");
        assertTrue(Ip.netnsList().stream().noneMatch(n -> n.startsWith(prefix)), "pod namespaces removed");
    }

    @Test
    void containersOfAPodShareLocalhostThatOtherPodsCannotSee() throws Exception {
        try (PodNetwork net = network().create()) {
            Pod a = net.addPod("a");
            Pod b = net.addPod("b");
            // container 1: a server process bound to 127.0.0.1 inside pod a
            Process server = a.start(new ProcessBuilder("python3", "-c",
                    "import socket,sys\n"
                            + "s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
                            + "s.bind(('127.0.0.1', 7777)); s.listen(1); print('ready', flush=True)\n"
                            + "c,_=s.accept(); c.sendall(b'hello from container 1'); c.close()\n")
                    .redirectErrorStream(true));
            try {
                assertEquals("ready", new String(server.getInputStream().readNBytes(5), StandardCharsets.UTF_8));
                // container 2: Java code in the same pod reaches it over localhost
                String got = a.call(() -> {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress("127.0.0.1", 7777), 2000);
                        return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    }
                });
                assertEquals("hello from container 1", got);
            } finally {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            // a process of the pod sees eth0 with the pod's address
            Process ip = a.start(new ProcessBuilder("ip", "-o", "-4", "addr", "show", "dev", "eth0"));
            assertTrue(ip.waitFor(10, TimeUnit.SECONDS), "ip finished"); // its output fits the pipe
            String seen = new String(ip.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(seen.contains("inet " + a.address().getHostAddress() + "/24"), seen);
            // pod b has its own loopback: nothing listens on its 127.0.0.1:7777
            Exception refused = assertThrows(Exception.class, () -> b.run(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", 7777), 1000);
                }
            }));
            assertTrue(refused.getMessage().contains("refused"), refused.getMessage());
        }
    }

    @Test
    void podsTalkOverTheBridgeInBothDirectionsAndReachTheirNode() throws Exception {
        try (PodNetwork net = network().create()) {
            Pod a = net.addPod("a");
            Pod b = net.addPod("b");
            assertEquals(a.address(), exchange(a, b), "server in b sees a's pod address");
            assertEquals(b.address(), exchange(b, a), "server in a sees b's pod address");
            // pod to node: the gateway address lives on the bridge in the node namespace
            InetAddress gateway = net.gateways().getFirst().address();
            try (ServerSocket onNode = node.call(() -> new ServerSocket(0, 5, gateway))) {
                int port = onNode.getLocalPort();
                a.run(() -> {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(gateway, port), 2000);
                    }
                });
                onNode.setSoTimeout(5000);
                try (Socket accepted = onNode.accept()) {
                    assertEquals(a.address(), accepted.getInetAddress());
                }
            }
        }
    }

    /** A TCP server in {@code server}'s pod on its pod address; a client in {@code client}'s pod connects. Returns the peer the server saw. */
    static InetAddress exchange(Pod client, Pod server) throws Exception {
        try (ServerSocket listener = server.call(() -> new ServerSocket(0, 5, server.address()))) {
            int port = listener.getLocalPort();
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    client.run(() -> {
                        try (Socket s = new Socket()) {
                            s.connect(new InetSocketAddress(server.address(), port), 2000);
                            OutputStream out = s.getOutputStream();
                            out.write("ping\n".getBytes(StandardCharsets.UTF_8));
                            out.flush();
                            s.getInputStream().readAllBytes();
                        }
                    });
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            listener.setSoTimeout(5000);
            try (Socket accepted = listener.accept()) {
                InputStream in = accepted.getInputStream();
                assertEquals("ping\n", new String(in.readNBytes(5), StandardCharsets.UTF_8));
                return accepted.getInetAddress();
            } finally {
                assertTrue(t.join(java.time.Duration.ofSeconds(5)), "the client finished");
            }
        }
    }

    @Test
    void dualStackPodsGetBothFamiliesAndTalkOverIpv6() throws Exception {
        try (PodNetwork net = network().subnet("fd00:10:244:1::/64").create()) {
            Pod a = net.addPod("a");
            Pod b = net.addPod("b");
            assertEquals(2, a.addresses().size());
            assertEquals(IpPrefix.parse("fd00:10:244:1::2/64"), a.addresses().get(1));
            assertTrue(ipIn(a, "-6", "-o", "addr", "show", "dev", "eth0").contains("fd00:10:244:1::2/64"));
            assertTrue(ipIn(a, "-6", "route", "show").contains("default via fd00:10:244:1::1 dev eth0"));
            InetAddress bV6 = b.addresses().get(1).address();
            try (ServerSocket listener = b.call(() -> new ServerSocket(0, 5, bV6))) {
                int port = listener.getLocalPort();
                a.run(() -> {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(bV6, port), 3000);
                    }
                });
                listener.setSoTimeout(5000);
                try (Socket accepted = listener.accept()) {
                    assertEquals(a.addresses().get(1).address(), accepted.getInetAddress());
                }
            }
        }
    }

    @Test
    void removePodFreesEverythingAndTheNameCanBeReusedAtOnce() throws Exception {
        try (PodNetwork net = network().create()) {
            Pod a = net.addPod("a");
            String host = a.hostInterfaceName();
            net.removePod("a");
            assertFalse(Ip.netnsList().contains(prefix + "a"));
            assertFalse(ipNode("-o", "link", "show").contains(host), "host end removed");
            assertThrows(NoSuchElementException.class, () -> net.pod("a"));
            assertThrows(NoSuchElementException.class, () -> net.removePod("a"));
            Pod again = net.addPod("a");
            assertEquals(host, again.hostInterfaceName(), "deterministic host end name");
            assertNotEquals(a.address(), again.address(), "a re-made pod gets the next address, not a cached one");
            assertTrue(ipNode("-o", "link", "show", "dev", host).contains("master cni0"));
        }
    }

    @Test
    void anAddRefusedBeforeWiringChangesNothingAndTheNetworkStaysUsable() throws Exception {
        try (PodNetwork net = network().create()) {
            net.addPod("a");
            String linksBefore = linkNames(ipNode("-o", "link", "show"));
            List<String> nsBefore = Ip.netnsList();
            // the pod's namespace name is taken outside the network
            Commands.run("ip", "netns", "add", prefix + "taken");
            try {
                assertThrows(NamespaceAlreadyExistsException.class, () -> net.addPod("taken"));
            } finally {
                Commands.run("ip", "netns", "del", prefix + "taken");
            }
            assertThrows(IllegalStateException.class, () -> net.addPod("a"), "duplicate pod name");
            assertThrows(IllegalArgumentException.class, () -> net.addPod("bad/name"));
            assertEquals(linksBefore, linkNames(ipNode("-o", "link", "show")), "node links exactly as before");
            assertEquals(nsBefore, Ip.netnsList(), "namespaces exactly as before");
            Pod b = net.addPod("b");
            assertEquals(2, net.pods().size());
            assertEquals(b.address(), exchange(b, net.pod("a")), "the network still works");
        }
    }

    /** The link names of {@code ip -o link show} (states change on their own: a new bridge goes UNKNOWN, then UP). */
    static String linkNames(String ipOLink) {
        return String.join(" ", ipOLink.lines().map(l -> l.split(": ")[1]).sorted().toList());
    }

    @Test
    void aFailedAddReturnsItsAddress() throws Exception {
        // a /30 has room for exactly one pod: only a returned address lets the second add succeed
        try (PodNetwork net = PodNetwork.builder().node(node).namespacePrefix(prefix).bridgeName("br30")
                .subnet("10.30.0.0/30").create()) {
            Commands.run("ip", "netns", "add", prefix + "taken");
            try {
                assertThrows(NamespaceAlreadyExistsException.class, () -> net.addPod("taken"));
            } finally {
                Commands.run("ip", "netns", "del", prefix + "taken");
            }
            assertEquals("10.30.0.2", net.addPod("only").address().getHostAddress());
        }
    }

    @Test
    void exhaustionNamesTheSubnetAndLeavesNothing() throws Exception {
        try (PodNetwork net = PodNetwork.builder().node(node).namespacePrefix(prefix).bridgeName("br29")
                .subnet("10.9.0.0/29").create()) {
            for (int i = 0; i < 5; i++) {
                net.addPod("p" + i);
            }
            List<String> nsBefore = Ip.netnsList();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> net.addPod("p5"));
            assertTrue(e.getMessage().contains("10.9.0.0/29"), e.getMessage());
            assertEquals(nsBefore, Ip.netnsList());
            net.removePod("p2");
            assertEquals("10.9.0.4", net.addPod("p5").address().getHostAddress(), "the freed address is reused");
        }
    }

    @Test
    void closeIsIdempotentAndLaterUseFails() throws Exception {
        PodNetwork net = network().create();
        net.addPod("a");
        net.close();
        net.close();
        assertTrue(net.isClosed());
        assertThrows(IllegalStateException.class, () -> net.addPod("b"));
        assertTrue(Ip.netnsList().stream().noneMatch(n -> n.startsWith(prefix)));
        assertFalse(ipNode("-o", "link", "show").contains("cni0"));
    }

    @Test
    void aTakenBridgeNameFailsWithoutLeavingAnything() throws Exception {
        try (PodNetwork first = network().create()) {
            String before = ipNode("-o", "link", "show");
            dev.netns.NetnsException e = assertThrows(dev.netns.NetnsException.class, () -> network().create());
            assertEquals("EEXIST", e.errnoName());
            assertEquals(before, ipNode("-o", "link", "show"));
        }
    }

    @Test
    void hairpinModeIsSetOnHostEndsWhenAsked() throws Exception {
        try (PodNetwork net = network().hairpin(true).mtu(1400).create()) {
            Pod a = net.addPod("a");
            String port = ipNode("-d", "-o", "link", "show", "dev", a.hostInterfaceName());
            assertTrue(port.contains("hairpin on"), port);
            assertTrue(port.contains("mtu 1400"), port);
            assertTrue(ipIn(a, "-o", "link", "show", "dev", "eth0").contains("mtu 1400"));
        }
    }
}
