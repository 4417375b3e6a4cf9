package dev.netns.testkit;

import dev.netns.NetworkNamespace;
import dev.netns.Pod;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Echo servers and probes between two pods, checked against the kernel's socket tables; the testkit tests itself. */
@NetnsTest
class ProbesTest {
    @TestPod("client")
    Pod client;
    @TestPod("server")
    Pod server;

    @Test
    void tcpEchoServerListensInsideItsPodOnly() throws Exception {
        try (EchoServer echo = EchoServer.tcp(server.namespace(), 7)) {
            assertEquals(7, echo.port());
            assertEquals(1, ProcNet.count(ProcNet.tcp(server.namespace()), 7, ProcNet.LISTEN), "listening in the server pod");
            assertEquals(0, ProcNet.count(ProcNet.tcp(client.namespace()), 7, ProcNet.LISTEN), "not in the client pod");
            Probes.assertReachable(client, server, 7);
            Probes.assertReachable(server.namespace(), InetAddress.getLoopbackAddress(), 7); // its own pod's localhost
        }
        // the JDK closes a selector-registered socket only when its selector next runs: wait for that, bounded
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (ProcNet.count(ProcNet.tcp(server.namespace()), 7, ProcNet.LISTEN) != 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, ProcNet.count(ProcNet.tcp(server.namespace()), 7, ProcNet.LISTEN), "closed");
    }

    @Test
    void unreachableWhenNothingListensOrNoHostAnswers() throws Exception {
        Probes.assertUnreachable(client, server, 7); // refused: nothing listens
        // an address of the pod subnet that no pod has: no ARP answer, so the probe's own timeout decides,
        // not the kernel's connect timeout (minutes); the generous limit only catches a probe that waits for that
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Probes.assertUnreachable(client.namespace(),
                InetAddress.getByName("10.244.1.200"), 7, Duration.ofMillis(300)));
    }

    @Test
    void failureMessagesNameSourceDestinationPortAndError() throws Exception {
        AssertionError refused = assertThrows(AssertionError.class, () -> Probes.assertReachable(client, server, 9));
        String m = refused.getMessage();
        assertTrue(m.contains("TCP " + server.address().getHostAddress() + ":9"), m);
        assertTrue(m.contains(client.namespace().name().orElseThrow()), m);
        assertTrue(m.contains("refused"), m);
        try (EchoServer echo = EchoServer.tcp(server.namespace(), 7)) {
            AssertionError reachable = assertThrows(AssertionError.class,
                    () -> Probes.assertUnreachable(client, server, echo.port()));
            assertTrue(reachable.getMessage().contains("is reachable from namespace " + client.namespace().name().orElseThrow()),
                    reachable.getMessage());
        }
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class,
                () -> Probes.assertReachable(client, server, 0));
        assertEquals("port must be 1 to 65535, not 0", port.getMessage());
    }

    @Test
    void udpEcho() throws Exception {
        try (EchoServer echo = EchoServer.udp(server.namespace(), 0)) {
            assertEquals(1, ProcNet.count(ProcNet.udp(server.namespace()), echo.port(), "07"), "bound in the server pod");
            Probes.assertUdpEcho(client.namespace(), server.address(), echo.port());
            assertEquals(16, echo.bytesEchoed(), "one 16-byte datagram came back");
            // ICMP port unreachable reaches the connected probe socket
            AssertionError none = assertThrows(AssertionError.class,
                    () -> Probes.assertUdpEcho(client.namespace(), server.address(), echo.port() == 9 ? 10 : 9));
            assertTrue(none.getMessage().contains("PortUnreachable"), none.getMessage());
            Probes.assertNoUdpEcho(client.namespace(), server.address(), echo.port() == 9 ? 10 : 9);
        }
    }

    @Test
    void rttAndThroughputSamples() throws Exception {
        try (EchoServer echo = EchoServer.tcp(server.namespace(), 7)) {
            RttSample rtt = Probes.rtt(client.namespace(), server.address(), 7, 50);
            assertEquals(50, rtt.rounds().size());
            assertTrue(rtt.min().compareTo(rtt.median()) <= 0 && rtt.median().compareTo(rtt.max()) <= 0, rtt.toString());
            assertEquals(50 * 32, echo.bytesEchoed(), "every round trip went through the server");
            long bytes = 16L << 20;
            ThroughputSample tp = Probes.throughput(client.namespace(), server.address(), 7, bytes);
            assertEquals(bytes, tp.bytes());
            assertEquals(50 * 32 + bytes, echo.bytesEchoed(), "the server echoed every byte");
        }
        assertThrows(IllegalArgumentException.class, () -> Probes.rtt(client.namespace(), server.address(), 7, 0));
        assertThrows(IllegalArgumentException.class,
                () -> Probes.throughput(client.namespace(), server.address(), 7, Probes.MAX_BYTES + 1));
    }

    @Test
    void serversAndProbesWorkInPlainNamespacesToo(@Netns NetworkNamespace ns) throws Exception {
        // a fresh namespace has lo down: nothing answers, not even on localhost
        try (EchoServer echo = EchoServer.tcp(ns, 0)) {
            Probes.assertUnreachable(ns, InetAddress.getLoopbackAddress(), echo.port());
            ns.links().setUp("lo");
            Probes.assertReachable(ns, InetAddress.getLoopbackAddress(), echo.port());
        }
    }
}
