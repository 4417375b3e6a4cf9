package dev.netns.linux.pod;

import dev.netns.CollectedGarbage;
import dev.netns.Pod;
import dev.netns.PodNetwork;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One network, several processes: agents in child JVMs create, share, leave and get killed; this JVM
 * is the third process that opens the network afterwards. Witnessed by {@code ip -n}, {@code ip netns
 * list} and the state directory's listing.
 */
class SharedPodNetworkTest {
    @AutoClose
    private final SharedNetworkFixture fx = new SharedNetworkFixture("shnode", "10.244.7.0/24");

    SharedPodNetworkTest() throws Exception {
    }

    @Test
    void agentsRacingToCreateShareOneNetworkWithDistinctAddresses() throws Exception {
        int agents = 3;
        int each = 4;
        List<Process> running = new ArrayList<>();
        for (int a = 0; a < agents; a++) {
            List<String> cmd = new ArrayList<>(List.of("add"));
            for (int i = 0; i < each; i++) {
                cmd.add("a" + a + "-" + i);
            }
            running.add(fx.agent(cmd.toArray(String[]::new))); // none exists yet: they race to create it
        }
        Map<String, String> addressOf = new TreeMap<>();
        for (Process p : running) {
            for (String line : SharedNetworkFixture.finish(p).split("\n")) {
                if (line.startsWith("added ")) {
                    String[] f = line.split(" ");
                    addressOf.put(f[1], f[2]);
                }
            }
        }
        assertEquals(agents * each, addressOf.size());
        assertEquals(agents * each, new HashSet<>(addressOf.values()).size(), "distinct addresses: " + addressOf);

        try (PodNetwork net = fx.builder().open()) { // the third process
            Map<String, String> seen = net.pods().stream()
                    .collect(Collectors.toMap(Pod::id, p -> p.address().getHostAddress(), (x, y) -> x, TreeMap::new));
            assertEquals(addressOf, seen);
            assertEquals(agents * each, fx.bridgePorts().size(), fx.bridgePorts().toString());
            assertEquals(agents * each, fx.podNamespaces().size());
            Set<String> files = fx.stateFiles();
            assertTrue(files.containsAll(addressOf.values()), files.toString());
            assertEquals(agents * each + 2, files.size(), "addresses, last_reserved_ip.0 and lock: " + files);
            // pods made by different processes talk to each other
            SharedNetworkFixture.tcp(net.pod("a0-0"), net.pod("a1-3"));
            SharedNetworkFixture.tcp(net.pod("a2-1"), net.pod("a0-2"));
            net.delete();
        }
        assertEquals(List.of(), fx.podNamespaces());
        assertFalse(fx.sandbox.ip("-o", "link", "show").contains(SharedNetworkFixture.BRIDGE), "bridge deleted");
        assertEquals(new TreeSet<>(), fx.stateFiles(), "state directory removed");
    }

    @Test
    void aRestartedProcessFindsThePodsItsPredecessorMade() throws Exception {
        String out = SharedNetworkFixture.finish(fx.agent("add", "web", "db"));
        assertTrue(out.contains("added web 10.244.7.2") && out.contains("added db 10.244.7.3"), out);
        try (PodNetwork net = fx.builder().open()) {
            assertEquals(List.of("10.244.7.2/24", "10.244.7.3/24"), SharedNetworkFixture.sortedAddresses(net.pods()));
            SharedNetworkFixture.tcp(net.pod("web"), net.pod("db"));
            CollectedGarbage nothing = net.collectGarbage(Set.of("web", "db"));
            assertTrue(nothing.isEmpty(), nothing.toString());
            Pod next = net.addPod("cache");
            assertEquals("10.244.7.4", next.address().getHostAddress(), "round robin continues after the predecessor's last");
        }
        // close() of an opened network released only the handle
        assertEquals(3, fx.bridgePorts().size());
        assertEquals(3, fx.podNamespaces().size());
    }

    @Test
    void killNineAnywhereThenOpenAndCollectGarbageLeavesExactlyTheLivePods() throws Exception {
        Random random = new Random(); // the seed is printed so a failure can be replayed by hand
        long seed = random.nextLong();
        random.setSeed(seed);
        Set<String> live = new TreeSet<>();
        for (int round = 0; round < 5; round++) {
            Path log = fx.state.resolve("agent-" + round + ".log");
            Process p = fx.agent(log, "churn", "r" + round, "200");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(log).contains("opened") && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(Files.readString(log).contains("opened"), "the agent opened the network: " + Files.readString(log));
            long wait = random.nextInt(400); // somewhere in the churn: an add, a removal, or between them
            Thread.sleep(wait);
            p.destroyForcibly(); // SIGKILL
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            String out = Files.readString(log);
            for (String line : out.split("\n")) {
                if (line.startsWith("added ")) {
                    live.add(line.substring(6));
                } else if (line.startsWith("removing ")) {
                    live.remove(line.substring(9)); // maybe half-removed: not live any more
                }
            }
            assertTrue(p.exitValue() != 0 && !out.contains("done"), "killed while working: " + out);
            try (PodNetwork net = fx.builder().open()) {
                CollectedGarbage gc = net.collectGarbage(live);
                String context = "seed " + seed + ", round " + round + ", killed after " + wait + " ms, gc " + gc + ", agent said:\n" + out;
                System.out.println("round " + round + ": killed after " + wait + " ms, " + live.size() + " live, collected " + gc);
                List<Pod> pods = net.pods();
                Set<String> ids = pods.stream().map(Pod::id).collect(Collectors.toCollection(TreeSet::new));
                assertEquals(live, ids, context);
                List<String> addresses = pods.stream().map(x -> x.address().getHostAddress()).toList();
                assertEquals(addresses.size(), new HashSet<>(addresses).size(), "no address held twice: " + context);
                assertEquals(pods.stream().map(Pod::hostInterfaceName).sorted().toList(), fx.bridgePorts().stream().sorted().toList(),
                        "ip -n NODE link show master cni0: " + context);
                assertEquals(pods.stream().map(x -> x.namespace().name().orElseThrow()).sorted().toList(), fx.podNamespaces(),
                        "ip netns list: " + context);
                Set<String> expectedFiles = new TreeSet<>(addresses);
                expectedFiles.add("lock");
                Set<String> files = fx.stateFiles();
                files.remove("last_reserved_ip.0");
                assertEquals(expectedFiles, files, "ls of the state directory: " + context);
                for (int i = 1; i < pods.size(); i++) {
                    SharedNetworkFixture.tcp(pods.get(i - 1), pods.get(i));
                }
            }
        }
        assertFalse(live.isEmpty(), "the agents got pods made before they were killed (seed " + seed + ")");
    }
}
