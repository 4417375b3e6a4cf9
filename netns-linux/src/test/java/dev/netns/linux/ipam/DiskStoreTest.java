package dev.netns.linux.ipam;

import dev.netns.IpPrefix;
import dev.netns.NetnsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** host-local's layout, byte for byte, and the faults of a state directory. No privileges needed. */
class DiskStoreTest {
    @TempDir
    Path state;

    private final List<AddressRange> dual = List.of(new AddressRange(IpPrefix.parse("10.1.0.0/29"), 0),
            new AddressRange(IpPrefix.parse("fd00:1::/125"), 1));

    private Allocator allocator(String network) throws NetnsException {
        return new Allocator(DiskStore.open(state.resolve(network)), dual);
    }

    @Test
    void layoutIsHostLocals() throws Exception {
        Allocator a = allocator("net1");
        assertEquals(List.of(IpPrefix.parse("10.1.0.2/29"), IpPrefix.parse("fd00:1::2/125")), a.allocate("c1", "eth0"));
        Path dir = state.resolve("net1");
        assertEquals(Set.of("10.1.0.2", "fd00:1::2", "last_reserved_ip.0", "last_reserved_ip.1", "lock"), names(dir));
        assertArrayEquals("c1\r\neth0".getBytes(StandardCharsets.US_ASCII), Files.readAllBytes(dir.resolve("10.1.0.2")));
        assertArrayEquals("c1\r\neth0".getBytes(StandardCharsets.US_ASCII), Files.readAllBytes(dir.resolve("fd00:1::2")));
        assertArrayEquals("10.1.0.2".getBytes(StandardCharsets.US_ASCII), Files.readAllBytes(dir.resolve("last_reserved_ip.0")));
        assertArrayEquals("fd00:1::2".getBytes(StandardCharsets.US_ASCII), Files.readAllBytes(dir.resolve("last_reserved_ip.1")));
        assertEquals(0, Files.size(dir.resolve("lock")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("10.1.0.2"))));
    }

    @Test
    void roundRobinAndReleaseAsHostLocal() throws Exception {
        Allocator a = allocator("net2");
        a.allocate("c1", "eth0");
        a.allocate("c2", "eth0");
        assertEquals(List.of(InetAddress.ofLiteral("10.1.0.2"), InetAddress.ofLiteral("fd00:1::2")), a.release("c1", "eth0"));
        // the freed .2 comes back only after the rest of the range
        assertEquals(IpPrefix.parse("10.1.0.4/29"), a.allocate("c3", "eth0").getFirst());
        assertEquals(List.of(), a.release("c1", "eth0"), "release is idempotent");
    }

    @Test
    void duplicateIdsAndExhaustionAreRefusedWithNothingHalfReserved() throws Exception {
        Allocator a = allocator("net3");
        a.allocate("c1", "eth0");
        IllegalStateException dup = assertThrows(IllegalStateException.class, () -> a.allocate("c1", "eth1"));
        assertTrue(dup.getMessage().contains("c1"), dup.getMessage());
        // the IPv6 /125 has 6 pod addresses, the IPv4 /29 five: the sixth pod fails on IPv4 first
        for (int i = 2; i <= 5; i++) {
            a.allocate("c" + i, "eth0");
        }
        IllegalStateException full = assertThrows(IllegalStateException.class, () -> a.allocate("c6", "eth0"));
        assertTrue(full.getMessage().contains("10.1.0.0/29 is exhausted"), full.getMessage());
        assertEquals(10, a.store().read(dual).reservations().size());
        assertTrue(a.store().read(dual).of("c6").isEmpty(), "nothing half-reserved");
    }

    @Test
    void foreignAndCorruptFilesAreReportedAndNeverHandedOutTwice() throws Exception {
        Path dir = state.resolve("net4");
        Allocator a = allocator("net4");
        Files.writeString(dir.resolve("README"), "not an address");
        Files.writeString(dir.resolve("10.9.9.9"), "other\r\neth0");   // outside the subnet
        Files.writeString(dir.resolve("10.1.0.2"), "");                 // torn: taken, but no pod
        Files.createDirectory(dir.resolve("10.1.0.3"));                  // not a file
        Snapshot s = a.store().read(dual);
        assertEquals(3, s.problems().size(), s.problems().toString());
        assertTrue(s.problems().stream().anyMatch(p -> p.contains(dir.resolve("README").toString())), s.problems().toString());
        assertTrue(s.problems().stream().anyMatch(p -> p.contains("10.9.9.9")), s.problems().toString());
        assertEquals(List.of(new Reservation(InetAddress.ofLiteral("10.1.0.2"), "", "")), s.reservations());
        // neither the torn .2 nor the directory .3 is handed out
        assertEquals(IpPrefix.parse("10.1.0.4/29"), a.allocate("c1", "eth0").getFirst());
    }

    @Test
    void filesNoReservationIsMadeOfAreReportedWithoutFollowingOrWaiting() throws Exception {
        Path dir = state.resolve("net6");
        Allocator a = allocator("net6");
        Path target = Files.writeString(state.resolve("elsewhere"), "intruder\r\neth0");
        Files.createSymbolicLink(dir.resolve("10.1.0.2"), target);       // never followed
        Path fifo = dir.resolve("10.1.0.3");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()); // opened without blocking
        Files.write(dir.resolve("10.1.0.4"), new byte[DiskStore.MAX_RESERVATION + 1]);    // larger than any reservation
        Files.writeString(dir.resolve("10.1.0.5"), "  c5\r\neth0\n");                      // as host-local matches it
        Snapshot s = a.store().read(dual);
        assertEquals(List.of(new Reservation(InetAddress.ofLiteral("10.1.0.5"), "c5", "eth0")), s.reservations());
        assertEquals(3, s.problems().size(), s.problems().toString());
        assertTrue(s.problems().stream().anyMatch(p -> p.contains("10.1.0.2") && p.contains("symbolic links")), s.problems().toString());
        assertTrue(s.problems().stream().anyMatch(p -> p.contains("10.1.0.3") && p.contains("not a regular file")), s.problems().toString());
        assertTrue(s.problems().stream().anyMatch(p -> p.contains("10.1.0.4") && p.contains("over 4096 bytes")), s.problems().toString());
        // none of the four is handed out; the symlink's target is untouched
        assertEquals(IpPrefix.parse("10.1.0.6/29"), a.allocate("c6", "eth0").getFirst());
        assertEquals("intruder\r\neth0", Files.readString(target));
    }

    @Test
    void anUnusableStateDirectoryFailsNamingThePath() throws Exception {
        Path file = Files.writeString(state.resolve("plain-file"), "x");
        NetnsException e = assertThrows(NetnsException.class, () -> DiskStore.open(file.resolve("net")));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void threadsWithTheirOwnStoresNeverShareAnAddress() throws Exception {
        List<AddressRange> big = List.of(new AddressRange(IpPrefix.parse("10.2.0.0/24"), 0));
        int threads = 8;
        int each = 20;
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<List<IpPrefix>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    Allocator own = new Allocator(DiskStore.open(state.resolve("net5")), big); // a handle per "process"
                    go.await();
                    List<IpPrefix> got = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        got.addAll(own.allocate("t" + thread + "-" + i, "eth0"));
                    }
                    return got;
                }));
            }
            go.countDown();
            Set<IpPrefix> distinct = new TreeSet<>(java.util.Comparator.comparing(IpPrefix::toString));
            for (Future<List<IpPrefix>> f : results) {
                distinct.addAll(f.get());
            }
            assertEquals(threads * each, distinct.size());
            assertEquals(threads * each, names(state.resolve("net5")).stream().filter(n -> n.startsWith("10.")).count());
        }
    }

    static Set<String> names(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            return new TreeSet<>(s.map(p -> p.getFileName().toString()).toList());
        }
    }
}
