package dev.netns.testkit;

import dev.netns.witness.Commands;
import dev.netns.witness.Ip;
import dev.netns.witness.Proc;
import dev.netns.Pod;
import dev.netns.PodNetwork;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pod networks and pods are injected with @TempDir scoping, live in sandboxes, reach each other, and go away. */
@KernelTest
class PodInjectionTest {
    static final List<String> NAMESPACES = new CopyOnWriteArrayList<>();

    @Example
    @NetnsTest
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class ClassNetwork {
        static final List<String> perTestPods = new CopyOnWriteArrayList<>();
        static final List<Integer> perTestHostIndexes = new CopyOnWriteArrayList<>();

        @PodNet(subnet = "10.244.7.0/24", bridge = "br-tk", mtu = 1400)
        static PodNetwork net;
        @TestPod("a")
        static Pod a;
        @TestPod("b")
        Pod b;

        @Test
        @Order(1)
        void sandboxAndPodsAreReal() throws Exception {
            String node = net.node().name().orElseThrow();
            NAMESPACES.add(node);
            assertTrue(node.startsWith("tk-" + ProcessHandle.current().pid() + "-"), node);
            assertNotEquals(Proc.readlink("/proc/self/ns/net"), "net:[" + net.node().id().inode() + "]",
                    "the bridge is in a sandbox node, never in the machine's namespace");
            // the bridge, as iproute2 sees it in the sandbox
            String bridge = Commands.run("ip", "-n", node, "-o", "link", "show", "br-tk");
            assertTrue(bridge.contains("mtu 1400"), bridge);
            assertTrue(Commands.run("ip", "-n", node, "-o", "addr", "show", "br-tk").contains("10.244.7.1/24"));
            for (Pod p : List.of(a, b)) {
                String ns = p.namespace().name().orElseThrow();
                NAMESPACES.add(ns);
                assertEquals(node + "-" + p.name(), ns);
                String eth0 = Commands.run("ip", "-n", ns, "-o", "addr", "show", "eth0");
                assertTrue(eth0.contains(p.address().getHostAddress() + "/24"), eth0);
            }
            assertSame(a, net.pod("a"), "static pod on the class network");
            assertSame(b, net.pod("b"), "per-test pod on the class network too");
            perTestPods.add(Long.toString(b.namespace().id().inode()));
            perTestHostIndexes.add(net.node().links().get(b.hostInterfaceName()).index());
            try (EchoServer echo = EchoServer.tcp(b.namespace(), 7)) {
                Probes.assertReachable(a, b, echo.port());
            }
        }

        @Test
        @Order(2)
        void perTestPodIsNewAndTheLastOneIsGone() throws Exception {
            // pod b is made again under the same name, but it is a new pod: a new veth (ifindexes are not reused soon) in a
            // new namespace. The kernel may hand a freed namespace's inode number to the next one, so an equal inode
            // proves the first namespace was freed; a different one must not be held open any more.
            assertNotEquals(perTestHostIndexes.getFirst(), net.node().links().get(b.hostInterfaceName()).index());
            long first = Long.parseLong(perTestPods.getFirst());
            assertTrue(first == b.namespace().id().inode() || !Proc.namespaceInodes().contains(first));
            assertEquals(List.of("a", "b"), net.pods().stream().map(Pod::name).toList());
            try (EchoServer echo = EchoServer.udp(a.namespace(), 0)) {
                Probes.assertUdpEcho(b.namespace(), a.address(), echo.port());
            }
        }
    }

    @Test
    void classNetworkWithStaticAndPerTestPods() {
        EngineExecutionResults r = Examples.run(ClassNetwork.class);
        Examples.assertNoFailures(r);
        r.testEvents().assertStatistics(s -> s.succeeded(2));
        List<String> listed = Ip.netnsList();
        for (String ns : NAMESPACES) {
            assertFalse(listed.contains(ns), ns + " is gone after the class");
        }
    }

    @Example
    @NetnsTest
    static class PerTest {
        static String node;

        @Test
        void podsAsParameters(@TestPod("client") Pod client, @PodNet(subnet = "10.244.9.0/24") PodNetwork net,
                              @TestPod("server") Pod server) throws Exception {
            node = net.node().name().orElseThrow();
            assertSame(net.pod("client"), client, "pods join the test's own @PodNet, declared after them");
            assertTrue(server.address().getHostAddress().startsWith("10.244.9."));
            try (EchoServer echo = EchoServer.tcp(server.namespace(), 8080)) {
                Probes.assertReachable(client, server, echo.port());
            }
        }

        @Test
        void dualStack(@PodNet(subnet = "10.244.5.0/24", ipv6Subnet = "fd00:10:244:5::/64") PodNetwork net,
                       @TestPod("v6a") Pod a, @TestPod("v6b") Pod b) throws Exception {
            java.net.InetAddress v6 = b.addresses().stream().map(p -> p.address())
                    .filter(x -> x instanceof java.net.Inet6Address).findFirst().orElseThrow();
            String shown = Commands.run("ip", "-n", b.namespace().name().orElseThrow(), "-o", "-6", "addr", "show", "eth0");
            assertTrue(shown.contains(dev.netns.IpPrefix.format(v6) + "/64 scope global"), shown);
            try (EchoServer echo = EchoServer.tcp(b.namespace(), 0)) {
                Probes.assertReachable(a.namespace(), v6, echo.port());
                Probes.assertReachable(a.namespace(), b.address(), echo.port());
            }
        }

        @Test
        void defaultNetworkWhenOnlyPodsAreAsked(@TestPod("x") Pod x, @TestPod("y") Pod y) throws Exception {
            assertTrue(x.address().getHostAddress().startsWith("10.244.1."), x.address().toString());
            try (EchoServer echo = EchoServer.tcp(y.namespace(), 7)) {
                Probes.assertReachable(x, y, echo.port());
            }
        }
    }

    @Test
    void perTestNetworksFromParameters() {
        EngineExecutionResults r = Examples.run(PerTest.class);
        Examples.assertNoFailures(r);
        r.testEvents().assertStatistics(s -> s.succeeded(3));
        assertFalse(Ip.netnsList().stream().anyMatch(n -> n.startsWith(PerTest.node)), "sandbox and pods gone");
    }

    @Example
    @NetnsTest
    static class TwoNetworks {
        @PodNet(subnet = "10.244.1.0/24")
        PodNetwork one;

        @Test
        void clash(@PodNet(subnet = "10.244.2.0/24") PodNetwork two) {
        }
    }

    @Test
    void twoDifferentNetworksInOneScopeAreRefused() {
        EngineExecutionResults r = Examples.run(TwoNetworks.class);
        r.testEvents().assertStatistics(s -> s.failed(1));
        String m = Examples.failureMessages(r).getFirst();
        assertTrue(m.contains("one pod network per scope"), m);
        assertTrue(m.contains("10.244.1.0/24") && m.contains("10.244.2.0/24"), m);
    }

    @Example
    @NetnsTest
    static class BadAttributes {
        @Test
        void longBridge(@PodNet(bridge = "bridge-name-too-long") PodNetwork net) {
        }

        @Test
        void hostBits(@PodNet(subnet = "10.244.1.5/24") PodNetwork net) {
        }
    }

    @Test
    void badAttributesAreReportedWithTheirDeclaration() {
        EngineExecutionResults r = Examples.run(BadAttributes.class);
        r.testEvents().assertStatistics(s -> s.failed(2));
        String all = String.join("\n", Examples.failureMessages(r));
        assertTrue(all.contains("parameter 0 of longBridge: interface name must be at most 15 bytes"), all);
        assertTrue(all.contains("parameter 0 of hostBits: subnet must be given by its network address"), all);
    }
}
