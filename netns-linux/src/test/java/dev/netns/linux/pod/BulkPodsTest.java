package dev.netns.linux.pod;

import dev.netns.NamespaceAlreadyExistsException;
import dev.netns.NetnsException;
import dev.netns.Pod;
import dev.netns.PodNetwork;
import dev.netns.witness.Commands;
import dev.netns.witness.Ip;
import dev.netns.witness.Proc;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code addPods}: many pods at once, on a network with a state directory, witnessed by {@code ip -j} and the files. */
class BulkPodsTest {
    @AutoClose
    private final SharedNetworkFixture fx = new SharedNetworkFixture("bunode", "10.244.9.0/24");

    BulkPodsTest() throws Exception {
    }

    @Test
    void everyPodWorksWithItsOwnReservedAddress() throws Exception {
        List<String> names = names("p", 12);
        try (PodNetwork net = fx.builder().open()) {
            List<Pod> pods = net.addPods(names);
            assertEquals(names, pods.stream().map(Pod::id).toList(), "in the order given");
            Set<String> addresses = new HashSet<>();
            for (Pod p : pods) {
                String ns = p.namespace().name().orElseThrow();
                assertEquals(fx.sandbox.prefix() + p.id(), ns);
                String address = p.address().getHostAddress();
                assertTrue(addresses.add(address), "distinct: " + address);
                assertEquals(Set.of("lo", "eth0"), upLinks(ns), ns);
                assertEquals(List.of(address + "/24"), ipv4(ns, "eth0"), ns);
                assertTrue(Commands.run("ip", "-n", ns, "route").contains("default via 10.244.9.1 dev eth0"), ns);
                assertEquals(p.id() + "\r\neth0", Files.readString(fx.networkDir().resolve(address), StandardCharsets.UTF_8),
                        "reserved as host-local does");
            }
            TreeSet<String> files = new TreeSet<>(addresses);
            files.addAll(Set.of("last_reserved_ip.0", "lock"));
            assertEquals(files, fx.stateFiles());
            assertEquals(pods.stream().map(Pod::hostInterfaceName).sorted().toList(), fx.bridgePorts().stream().sorted().toList());
            try (PodNetwork other = fx.builder().open()) { // finished pods: marked, as addPod leaves them
                assertEquals(names.stream().sorted().toList(), other.pods().stream().map(Pod::id).sorted().toList());
                assertEquals(pods.get(3).hostInterfaceName(), other.pod("p3").hostInterfaceName());
            }
            SharedNetworkFixture.tcp(pods.get(0), pods.get(11));
            net.removePod("p5");
            assertEquals(11, fx.bridgePorts().size());
            assertEquals(List.of(), net.addPods(List.of()));
        }
    }

    @Test
    void aFailureHalfWayLeavesNothingOfAnyPodAndNoReservation() throws Exception {
        try (PodNetwork net = fx.builder().open()) {
            Pod keep = net.addPod("keep");
            String planted = fx.sandbox.prefix() + "f5"; // f5's namespace name, taken by someone else in advance
            Commands.run("ip", "netns", "add", planted);
            try {
                long inode = Proc.inodeOf("/run/netns/" + planted);
                Set<String> before = fx.stateFiles();
                NamespaceAlreadyExistsException e = assertThrows(NamespaceAlreadyExistsException.class,
                        () -> net.addPods(names("f", 10)));
                assertTrue(e.getMessage().contains(planted), e.getMessage());
                assertEquals(before, fx.stateFiles(), "no reservation of f0..f9 is kept");
                assertEquals(List.of(keep.hostInterfaceName()), fx.bridgePorts());
                assertEquals(new TreeSet<>(List.of(planted, fx.sandbox.prefix() + "keep")), new TreeSet<>(fx.podNamespaces()));
                assertEquals(inode, Proc.inodeOf("/run/netns/" + planted), "the planted namespace is left alone");
                assertEquals(List.of("keep"), net.pods().stream().map(Pod::id).toList());

                IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                        () -> net.addPods(List.of("g0", "g1", "g0")));
                assertTrue(twice.getMessage().contains("g0"), twice.getMessage());
                IllegalStateException exists = assertThrows(IllegalStateException.class, () -> net.addPods(List.of("g0", "keep")));
                assertTrue(exists.getMessage().contains("keep"), exists.getMessage());
                assertEquals(before, fx.stateFiles(), "refused before anything was reserved");
                assertEquals(List.of(keep.hostInterfaceName()), fx.bridgePorts());

                List<Pod> after = net.addPods(names("f", 5)); // the network is usable and the addresses free again
                assertEquals(6, fx.bridgePorts().size());
                SharedNetworkFixture.tcp(keep, after.get(4));
            } finally {
                Ip.netnsDeleteIfPresent(planted);
            }
        }
    }

    @Test
    void aVethRefusedInTheSharedExchangeUndoesThePodsWhoseVethsTheKernelMade() throws Exception {
        try (PodNetwork net = fx.builder().open()) {
            String taken = HostInterfaceNames.forNamespace(fx.sandbox.prefix() + "h7"); // h7's host end name, a bridge already
            fx.sandbox.ip("link", "add", taken, "type", "bridge");
            NetnsException e = assertThrows(NetnsException.class, () -> net.addPods(names("h", 10)));
            assertTrue(e.getMessage().contains(taken), e.getMessage());
            assertEquals(List.of(), fx.bridgePorts(), "the nine veths the kernel made are gone");
            assertEquals(List.of(), fx.podNamespaces(), "and so are the ten namespaces");
            assertEquals(Set.of("last_reserved_ip.0", "lock"), fx.stateFiles(),
                    "and the reservations (host-local's record of the last address stays, as after any release)");
            assertTrue(fx.sandbox.ip("-o", "link", "show", "type", "bridge").contains(taken), "the planted link is left alone");
            assertEquals(List.of(), net.pods());
        }
    }

    @Test
    void aFailedExchangeLeavesLinksOfPodsWhoseExchangeNeverRanAlone() throws Exception {
        try (PodNetwork net = fx.builder().open()) {
            // the first 64 pods' veths share an exchange, which fails at g3; g66's exchange never runs, so the
            // link already bearing g66's host end name is not this call's to delete
            String first = HostInterfaceNames.forNamespace(fx.sandbox.prefix() + "g3");
            String later = HostInterfaceNames.forNamespace(fx.sandbox.prefix() + "g66");
            fx.sandbox.ip("link", "add", first, "type", "bridge");
            fx.sandbox.ip("link", "add", later, "type", "bridge");
            NetnsException e = assertThrows(NetnsException.class, () -> net.addPods(names("g", BulkAdd.PODS_PER_EXCHANGE + 6)));
            assertTrue(e.getMessage().contains(first), e.getMessage());
            String bridges = fx.sandbox.ip("-o", "link", "show", "type", "bridge");
            assertTrue(bridges.contains(first) && bridges.contains(later), "both planted links are left alone: " + bridges);
            assertEquals(List.of(), fx.bridgePorts());
            assertEquals(List.of(), fx.podNamespaces());
            assertEquals(List.of(), net.pods());
        }
    }

    @Test
    void addPodRefusedForALinkOfItsHostEndsNameLeavesThatLinkAlone() throws Exception {
        try (PodNetwork net = fx.builder().open()) {
            String taken = HostInterfaceNames.forNamespace(fx.sandbox.prefix() + "solo");
            fx.sandbox.ip("link", "add", taken, "type", "bridge");
            NetnsException e = assertThrows(NetnsException.class, () -> net.addPod("solo"));
            assertTrue(e.getMessage().contains(taken), e.getMessage());
            assertTrue(fx.sandbox.ip("-o", "link", "show", "type", "bridge").contains(taken), "the planted link is left alone");
            assertEquals(List.of(), fx.podNamespaces());
            assertEquals(Set.of("last_reserved_ip.0", "lock"), fx.stateFiles());
        }
    }

    @Test
    void interleavesWithAnotherProcessAddingPodsToTheSameNetwork() throws Exception {
        List<String> mine = names("m", 70); // more than one exchange's worth (BulkAdd.PODS_PER_EXCHANGE)
        List<String> theirs = names("t", 20);
        try (PodNetwork net = fx.builder().open()) {
            List<String> agentArgs = new ArrayList<>(List.of("addpods"));
            agentArgs.addAll(theirs);
            Process agent = fx.agent(agentArgs.toArray(String[]::new));
            List<Pod> pods = net.addPods(mine);
            String out = SharedNetworkFixture.finish(agent);
            Set<String> addresses = new HashSet<>();
            for (Pod p : pods) {
                addresses.add(p.address().getHostAddress());
            }
            for (String line : out.split("\n")) {
                if (line.startsWith("added ")) {
                    assertTrue(addresses.add(line.split(" ")[2]), "an address handed out twice: " + line);
                }
            }
            assertEquals(90, addresses.size(), out);
            TreeSet<String> files = new TreeSet<>(addresses);
            files.addAll(Set.of("last_reserved_ip.0", "lock"));
            assertEquals(files, fx.stateFiles());
            assertEquals(90, fx.bridgePorts().size());
            List<String> all = new ArrayList<>(mine);
            all.addAll(theirs);
            assertEquals(all.stream().sorted().toList(), net.pods().stream().map(Pod::id).sorted().toList());
            SharedNetworkFixture.tcp(net.pod("t7"), pods.get(66));
        }
    }

    private static List<String> names(String stem, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(stem + i);
        }
        return out;
    }

    /** The links that are up, by {@code ip -j -n NS link show}. */
    @SuppressWarnings("unchecked")
    private static Set<String> upLinks(String ns) {
        Set<String> out = new HashSet<>();
        for (Map<String, Object> l : Ip.json("ip", "-j", "-n", ns, "link", "show")) {
            if (((List<String>) l.get("flags")).contains("UP")) {
                out.add((String) l.get("ifname"));
            }
        }
        return out;
    }

    /** The IPv4 addresses of a link, by {@code ip -j -4 -n NS addr show dev LINK}. */
    @SuppressWarnings("unchecked")
    private static List<String> ipv4(String ns, String link) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> l : Ip.json("ip", "-j", "-4", "-n", ns, "addr", "show", "dev", link)) {
            for (Map<String, Object> a : (List<Map<String, Object>>) l.get("addr_info")) {
                out.add(a.get("local") + "/" + a.get("prefixlen"));
            }
        }
        return out;
    }
}
