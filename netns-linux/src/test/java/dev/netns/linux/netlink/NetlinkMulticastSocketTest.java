package dev.netns.linux.netlink;

import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import dev.netns.linux.ffi.ErrnoException;
import dev.netns.witness.Commands;
import dev.netns.witness.Ip;
import dev.netns.linux.testing.TestNames;
import dev.netns.linux.testing.KernelTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The listening socket against the kernel, witnessed by the namespace's own {@code /proc/net/netlink}:
 * it has joined exactly the groups asked for, and when its queue overflows the kernel counts drops
 * and the next receive says so ({@code ENOBUFS}) instead of going on silently.
 */
@KernelTest
class NetlinkMulticastSocketTest {
    private static final int RTNLGRP_LINK = 1;
    private static final int RTNLGRP_IPV4_IFADDR = 5;
    private static final int RTNLGRP_IPV4_ROUTE = 7;

    /** The {@code /proc/net/netlink} row of a NETLINK_ROUTE socket with port {@code port}, split in columns. */
    private static String[] row(NetworkNamespace ns, int port) throws Exception {
        List<String> lines = ns.call(() -> Files.readAllLines(Path.of("/proc/thread-self/net/netlink")));
        return lines.stream().skip(1).map(l -> l.trim().split("\\s+"))
                .filter(c -> c[1].equals("0") && Integer.toUnsignedString(port).equals(c[2]))
                .findFirst().orElseThrow(() -> new AssertionError("no socket with port " + port + " in " + lines));
    }

    @Test
    void joinsExactlyTheGroupsAskedFor() throws Exception {
        try (NetworkNamespace ns = NetworkNamespaces.create();
             NetlinkMulticastSocket s = ns.call(() -> NetlinkMulticastSocket.open(Netlink.NETLINK_ROUTE,
                     new int[] {RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV4_ROUTE}, Duration.ofMillis(50)))) {
            int mask = 1 << (RTNLGRP_LINK - 1) | 1 << (RTNLGRP_IPV4_IFADDR - 1) | 1 << (RTNLGRP_IPV4_ROUTE - 1);
            assertEquals(String.format("%08x", mask), row(ns, s.portId())[3], "Groups column");
            assertEquals(List.of(), s.receive(), "nothing happened: an empty receive after the poll interval");
        }
    }

    @Test
    void anOverflowingQueueIsReportedNotSilent() throws Exception {
        String name = TestNames.OWNER.uniqueName("mc");
        try (NetworkNamespace ns = NetworkNamespaces.create(name);
             NetlinkMulticastSocket s = ns.call(() -> NetlinkMulticastSocket.open(Netlink.NETLINK_ROUTE,
                     new int[] {RTNLGRP_LINK}, Duration.ofMillis(50), 4096))) {
            Path script = Files.createTempFile("mc", ".batch");
            try {
                StringBuilder b = new StringBuilder();
                for (int i = 0; i < 50; i++) {
                    b.append("link add br").append(i).append(" type bridge\n");
                }
                Files.writeString(script, b.toString());
                Commands.run("ip", "-n", name, "-batch", script.toString());
            } finally {
                Files.deleteIfExists(script);
            }
            assertFalse(row(ns, s.portId())[8].equals("0"), "the kernel counted dropped notifications");
            ErrnoException e = assertThrows(ErrnoException.class, () -> {
                for (int i = 0; i < 1000; i++) {
                    s.receive();
                }
            });
            assertTrue(NetlinkMulticastSocket.isOverrun(e), e.getMessage());
        } finally {
            Ip.netnsDeleteIfPresent(name);
        }
    }
}
