package dev.netns.linux.rtnl;

import dev.netns.Bridge;
import dev.netns.IpPrefix;
import dev.netns.Link;
import dev.netns.NetnsException;
import dev.netns.VethPair;
import dev.netns.linux.ns.LinuxNetworkNamespace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import dev.netns.linux.testing.KernelTest;

import static dev.netns.linux.rtnl.KernelFixture.ipLink;
import static dev.netns.linux.rtnl.KernelFixture.ipLinks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Large dumps, batches and concurrent use of one namespace's socket. */
@KernelTest
class ScaleAndBatchKernelTest {
    private final KernelFixture fixture = new KernelFixture();

    @AfterEach
    void cleanUp() {
        fixture.close();
    }

    private static RtnlSession session(LinuxNetworkNamespace ns) {
        return ns.netlinkViews();
    }

    @Test
    @Timeout(120)
    void dumpOf500Links() throws Exception {
        LinuxNetworkNamespace ns = fixture.namespace("many");
        RtnlBatch batch = session(ns).batch();
        for (int i = 0; i < 250; i++) {
            batch.createLink(VethPair.builder().name("a" + i).peerName("b" + i).build());
        }
        batch.execute(); // 250 requests: several datagrams, every ack matched
        List<Link> links = ns.links().list();
        List<Map<String, Object>> theirs = ipLinks(ns);
        assertEquals(501, links.size(), "lo + 500 veth ends");
        assertEquals(theirs.size(), links.size());
        for (int i = 0; i < links.size(); i++) {
            assertEquals(theirs.get(i).get("ifname"), links.get(i).name());
        }
    }

    @Test
    void batchReportsWhichRequestFailed() throws Exception {
        LinuxNetworkNamespace ns = fixture.namespace("batch");
        RtnlSession s = session(ns);
        List<Optional<NetnsException>> results = s.batch()
                .createLink(Bridge.builder().name("br0").up(true).build())
                .createLink(VethPair.builder().name("v0").peerName("v1").build())
                .add(LinkRequests.add("d0", "nt-nosuchkind"))
                .setMaster("v0", 4242)
                .setUp("v0")
                .executeAll();
        assertEquals(5, results.size());
        assertTrue(results.get(0).isEmpty());
        assertTrue(results.get(1).isEmpty());
        assertTrue(results.get(2).orElseThrow().kernelMessage().orElseThrow().contains("Unknown device type"));
        assertTrue(results.get(3).isPresent(), "no master 4242");
        assertTrue(results.get(4).isEmpty(), "the kernel went on after the refusals");
        assertNotNull(ipLink(ns, "br0"));
        assertTrue(KernelFixture.flags(ipLink(ns, "v0")).contains("UP"));

        NetnsException first = assertThrows(NetnsException.class, () -> s.batch()
                .add(LinkRequests.add("d1", "nt-nosuchkind")).add(LinkRequests.add("d2", "nt-nosuchkind")).execute());
        assertTrue(first.getMessage().startsWith("RTM_NEWLINK d1: "), first.getMessage());
        assertEquals(1, first.getSuppressed().length);
    }

    @Test
    void podSetupInOneBatchPerNamespace() throws Exception {
        LinuxNetworkNamespace node = fixture.namespace("node");
        LinuxNetworkNamespace pod = fixture.namespace("pod");
        int bridge = Bridge.builder().name("cni0").up(true).create(node).index();
        session(node).batch()
                .createLink(VethPair.builder().name("veth1").peerName("eth0").peerNamespace(pod).up(true).build(), bridge)
                .execute();
        int eth0 = pod.links().get("eth0").index();
        session(pod).batch()
                .setUp("lo").setUp("eth0")
                .addAddress(eth0, "eth0", IpPrefix.parse("10.244.1.2/24"))
                .addDefaultRoute(IpPrefix.parseAddress("10.244.1.1"))
                .execute();
        assertEquals("cni0", ipLink(node, "veth1").get("master"));
        assertTrue(KernelFixture.flags(ipLink(pod, "eth0")).contains("UP"));
        assertTrue(KernelFixture.ipRoutes(pod, "-4").stream().anyMatch(r -> "10.244.1.1".equals(r.get("gateway"))));
    }

    @Test
    @Timeout(120)
    void eightThreadsShareOneSocket() throws Exception {
        LinuxNetworkNamespace ns = fixture.namespace("threads");
        try (ExecutorService pool = Executors.newFixedThreadPool(4);
             ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int id = t;
                ExecutorService on = t % 2 == 0 ? pool : virtual;
                futures.add(on.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        String a = "t" + id + "a" + i;
                        VethPair.builder().name(a).peerName("t" + id + "b" + i).create(ns);
                        ns.links().setUp(a);
                        assertTrue(ns.links().get(a).isUp());
                        assertTrue(ns.links().list().size() > 1);
                        if (i % 2 == 0) {
                            ns.links().delete(a);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        assertEquals(1 + 8 * 10 * 2, ipLinks(ns).size());
        assertEquals(ipLinks(ns).size(), ns.links().list().size());
    }

    @Test
    void closedSessionFailsClearly() throws Exception {
        RtnlSession s = LinuxNetworkNamespaceAccess.openSession(fixture.namespace("closed"));
        s.links().get("lo");
        s.close();
        s.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.links().get("lo"));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    /** Opens a second, private session inside a namespace. */
    static final class LinuxNetworkNamespaceAccess {
        static RtnlSession openSession(LinuxNetworkNamespace ns) throws Exception {
            return ns.call(() -> RtnlSession.openInCurrentNamespace("private", LinuxNetworkNamespace::holdOf));
        }
    }
}
