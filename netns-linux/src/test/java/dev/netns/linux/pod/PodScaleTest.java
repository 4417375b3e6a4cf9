package dev.netns.linux.pod;

import dev.netns.NetnsException;
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

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import dev.netns.linux.testing.KernelTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A hundred pods on one node, and pods added and removed from several threads at once. */
@KernelTest
class PodScaleTest {
    @AutoClose
    private final SandboxNode sandbox = SandboxNode.open(TestNames.OWNER);
    private final NetworkNamespace node = sandbox.namespace();
    private final String prefix = sandbox.prefix();
    private final String nodeName = sandbox.name();

    /** The sandbox node is made with the instance; JUnit reports a failure to make it. */
    PodScaleTest() throws NetnsException {
    }

    private String ipNode(String... args) {
        return sandbox.ip(args);
    }

    @Test
    void hundredPodsAreMutuallyReachableAndCloseLeavesNothing() throws Exception {
        List<Pod> pods = new ArrayList<>();
        try (PodNetwork net = PodNetwork.builder().node(node).namespacePrefix(prefix).subnet("10.50.0.0/16").create()) {
            for (int i = 0; i < 100; i++) {
                pods.add(net.addPod("p" + i));
            }
            Set<InetAddress> unique = new HashSet<>();
            pods.forEach(p -> unique.add(p.address()));
            assertEquals(100, unique.size(), "unique addresses");
            String bridgePorts = Commands.run("ip", "-n", nodeName, "-o", "link", "show", "master", "cni0");
            assertEquals(100, bridgePorts.strip().lines().count(), "every host end is a bridge port");
            // a sample of pairs, each checked with a real TCP connection from one pod to another's address
            Random random = new Random(7);
            for (int i = 0; i < 12; i++) {
                Pod from = pods.get(random.nextInt(pods.size()));
                Pod to = pods.get(random.nextInt(pods.size()));
                assertEquals(from.address(), PodNetworkTest.exchange(from, to), from.name() + " -> " + to.name());
            }
        }
        assertTrue(Ip.netnsList().stream().noneMatch(n -> n.startsWith(prefix)), "no pod namespace left");
        String left = ipNode("-o", "link", "show");
        assertEquals(1, left.strip().lines().count(), "only lo is left in the node: " + left);
    }

    @Test
    void podsAreAddedAndRemovedFromFourThreadsAtOnce() throws Exception {
        try (PodNetwork net = PodNetwork.builder().node(node).namespacePrefix(prefix).subnet("10.60.0.0/24").create();
             ExecutorService pool = Executors.newFixedThreadPool(4)) {
            Set<InetAddress> live = ConcurrentHashMap.newKeySet();
            List<Future<?>> work = new ArrayList<>();
            List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < 4; t++) {
                int worker = t;
                work.add(pool.submit(() -> {
                    try {
                        for (int round = 0; round < 6; round++) {
                            List<String> mine = new ArrayList<>();
                            for (int i = 0; i < 3; i++) {
                                String name = "w" + worker + "r" + round + "i" + i;
                                Pod p = net.addPod(name);
                                if (!live.add(p.address())) {
                                    throw new AssertionError("address handed out twice: " + p.address());
                                }
                                mine.add(name);
                            }
                            for (String name : mine.subList(0, 2)) {
                                InetAddress a = net.pod(name).address();
                                net.removePod(name);
                                live.remove(a);
                            }
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            for (Future<?> f : work) {
                f.get(120, TimeUnit.SECONDS);
            }
            assertTrue(failures.isEmpty(), () -> "failures: " + failures);
            assertEquals(4 * 6, net.pods().size(), "one pod per round per thread survives");
            String ports = ipNode("-o", "link", "show", "master", "cni0");
            assertEquals(24, ports.strip().lines().count(), ports);
            long nsCount = Ip.netnsList().stream().filter(n -> n.startsWith(prefix)).count();
            assertEquals(24, nsCount);
        }
        assertFalse(Ip.netnsList().stream().anyMatch(n -> n.startsWith(prefix)));
    }
}
