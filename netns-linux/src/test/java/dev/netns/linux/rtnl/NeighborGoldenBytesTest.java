package dev.netns.linux.rtnl;

import dev.netns.IpPrefix;
import dev.netns.MacAddress;
import dev.netns.Neighbor;
import dev.netns.linux.netlink.Attribute;
import dev.netns.linux.netlink.NetlinkRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static dev.netns.linux.rtnl.Golden.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Neighbour and forwarding-database requests against the bytes iproute2 6.1 sends for the same
 * commands (captured with {@code strace -e sendmsg -xx ip neigh ...} / {@code bridge fdb ...}; only
 * the sequence number differs), in both directions, and a kernel-style reply decoded.
 */
class NeighborGoldenBytesTest {
    private static final HexFormat HEX = Golden.HEX;
    private static final MacAddress MAC2 = MacAddress.parse("02:00:00:00:00:02");

    @BeforeAll
    static void littleEndian() {
        Golden.assumeLittleEndian();
    }


    private static String framed(NetlinkRequest r, int seq) {
        return HEX.formatHex(Golden.framed(r, seq));
    }

    private static NeighborMessage decode(byte[] framed) {
        return NeighborMessage.decode(ByteBuffer.wrap(framed, 16, framed.length - 16), "golden");
    }

    @Test
    void replaceIpv4Neighbor() {
        // ip neigh replace 10.244.2.0 lladdr 02:00:00:00:00:02 dev vx0 nud permanent   (vx0 = ifindex 4)
        byte[] golden = hex(
                // nlmsghdr: len 48, RTM_NEWNEIGH (28), REQUEST|ACK|REPLACE|CREATE (0x505), seq 3, pid 0
                "30000000 1c00 0505 03000000 00000000",
                // ndmsg: AF_INET, pad 1+2, ifindex 4, state NUD_PERMANENT (0x80), flags 0, type 0
                "02 00 0000 04000000 8000 00 00",
                // NDA_DST (1) 10.244.2.0
                "0800 0100 0af40200",
                // NDA_LLADDR (2) len 10: 02:00:00:00:00:02 + 2 pad
                "0a00 0200 020000000002 0000");
        NetlinkRequest r = NeighborRequests.replace(4, "vx0", IpPrefix.parseAddress("10.244.2.0"), MAC2);
        assertEquals(HEX.formatHex(golden), framed(r, 3));
        NeighborMessage m = decode(golden);
        assertEquals(NeighborRequests.ipNeighborMessage(4, IpPrefix.parseAddress("10.244.2.0"), MAC2), m);
        assertEquals(new Neighbor(Neighbor.Kind.IP, 4, Optional.of(IpPrefix.parseAddress("10.244.2.0")),
                Optional.of(MAC2), Neighbor.NUD_PERMANENT, 0, OptionalInt.empty()), m.toNeighbor());
    }

    @Test
    void addIpv6Neighbor() {
        // ip neigh add fd00::2 lladdr 02:00:00:00:00:03 dev d0 nud permanent   (d0 = ifindex 3)
        byte[] golden = hex(
                // nlmsghdr: len 60, RTM_NEWNEIGH, REQUEST|ACK|EXCL|CREATE (0x605), seq 4
                "3c000000 1c00 0506 04000000 00000000",
                // ndmsg: AF_INET6 (10), ifindex 3, NUD_PERMANENT
                "0a 00 0000 03000000 8000 00 00",
                // NDA_DST fd00::2
                "1400 0100 fd000000000000000000000000000002",
                "0a00 0200 020000000003 0000");
        NetlinkRequest r = NeighborRequests.add(3, "d0", IpPrefix.parseAddress("fd00::2"),
                MacAddress.parse("02:00:00:00:00:03"));
        assertEquals(HEX.formatHex(golden), framed(r, 4));
        assertEquals(Rtnl.AF_INET6, decode(golden).header().family());
    }

    @Test
    void deleteIpv4Neighbor() {
        // ip neigh del 10.244.2.0 dev vx0: iproute2 leaves ndm_state at NUD_PERMANENT, the kernel ignores it
        byte[] golden = hex(
                // nlmsghdr: len 36, RTM_DELNEIGH (29), REQUEST|ACK, seq 5
                "24000000 1d00 0500 05000000 00000000",
                "02 00 0000 04000000 8000 00 00",
                "0800 0100 0af40200");
        assertEquals(HEX.formatHex(golden), framed(NeighborRequests.delete(4, "vx0", IpPrefix.parseAddress("10.244.2.0")), 5));
    }

    @Test
    void appendAndDeleteVxlanForwardingEntry() {
        // bridge fdb append 02:00:00:00:00:02 dev vx0 dst 192.168.0.2
        String body = String.join("",
                // ndmsg: AF_BRIDGE (7), ifindex 4, state NOARP|PERMANENT (0xc0), flags NTF_SELF (2), type 0
                "07 00 0000 04000000 c000 02 00",
                // NDA_LLADDR first, then NDA_DST 192.168.0.2 (the remote endpoint)
                "0a00 0200 020000000002 0000",
                "0800 0100 c0a80002");
        byte[] append = hex(
                // nlmsghdr: len 48, RTM_NEWNEIGH, REQUEST|ACK|CREATE|APPEND (0xc05), seq 6
                "30000000 1c00 050c 06000000 00000000", body);
        NetlinkRequest r = NeighborRequests.appendForwarding(4, "vx0", MAC2, IpPrefix.parseAddress("192.168.0.2"));
        assertEquals(HEX.formatHex(append), framed(r, 6));
        // bridge fdb del 02:00:00:00:00:02 dev vx0 dst 192.168.0.2: the same body, RTM_DELNEIGH (29), REQUEST|ACK
        byte[] delete = hex("30000000 1d00 0500 07000000 00000000", body);
        assertEquals(HEX.formatHex(delete),
                framed(NeighborRequests.deleteForwarding(4, "vx0", MAC2, IpPrefix.parseAddress("192.168.0.2")), 7));

        NeighborMessage m = decode(append);
        assertEquals(NeighborRequests.forwarding(4, MAC2, IpPrefix.parseAddress("192.168.0.2")), m);
        Neighbor n = m.toNeighbor();
        assertEquals(Neighbor.Kind.FORWARDING, n.kind());
        assertEquals(Optional.of(IpPrefix.parseAddress("192.168.0.2")), n.address());
        assertEquals(Neighbor.NTF_SELF, n.flags());
        assertEquals(true, n.isPermanent());
    }

    @Test
    void dumps() {
        // ip neigh show: RTM_GETNEIGH (30), REQUEST|DUMP (0x301), an all-zero ndmsg (AF_UNSPEC: every IP table)
        assertEquals("1c000000 1e00 0103 08000000 00000000 00 00 0000 00000000 0000 00 00".replace(" ", ""),
                framed(NeighborRequests.dump(Rtnl.AF_UNSPEC), 8));
        // bridge fdb show: the same with AF_BRIDGE
        assertEquals("1c000000 1e00 0103 09000000 00000000 07 00 0000 00000000 0000 00 00".replace(" ", ""),
                framed(NeighborRequests.dump(Rtnl.AF_BRIDGE), 9));
    }

    @Test
    void kernelForwardingReplyWithMasterAndCacheInfo() {
        byte[] reply = hex(
                // ndmsg: AF_BRIDGE, ifindex 5, NUD_PERMANENT, flags NTF_MASTER (4), type 0
                "07 00 0000 05000000 8000 04 00",
                // NDA_LLADDR 02:00:00:00:00:02, NDA_MASTER (9) 3, NDA_VLAN (5) 10 + 2 pad
                "0a00 0200 020000000002 0000", "0800 0900 03000000", "0600 0500 0a00 0000",
                // NDA_CACHEINFO (3): four u32 (confirmed, used, updated, refcnt), not modelled
                "1400 0300 01000000 02000000 03000000 00000000");
        NeighborMessage m = NeighborMessage.decode(ByteBuffer.wrap(reply), "reply");
        assertEquals(List.of(new NeighborAttribute.LinkLayerAddress(MAC2.bytes()), new NeighborAttribute.Master(3),
                new NeighborAttribute.Vlan(10),
                new NeighborAttribute.Unknown(new Attribute(3, hex("01000000 02000000 03000000 00000000")))),
                m.attributes());
        assertEquals(HEX.formatHex(reply), HEX.formatHex(m.toBytes()));
        Neighbor n = m.toNeighbor();
        assertEquals(new Neighbor(Neighbor.Kind.FORWARDING, 5, Optional.empty(), Optional.of(MAC2),
                Neighbor.NUD_PERMANENT, Neighbor.NTF_MASTER, OptionalInt.of(3)), n);
    }

    @Test
    void vxlanRemoteAttributesRoundTrip() {
        NeighborMessage m = new NeighborMessage(new NdMsg(Rtnl.AF_BRIDGE, 4, 0xc0, 2, 0),
                List.of(new NeighborAttribute.Port(8472), new NeighborAttribute.Vni(1), new NeighborAttribute.OutputInterface(2)));
        byte[] bytes = m.toBytes();
        // NDA_PORT (6) 8472 in network byte order (0x2118), NDA_VNI (7) 1, NDA_IFINDEX (8) 2
        assertEquals("0700000004000000c0000200" + "06000600 2118 0000" .replace(" ", "") + "0800070001000000" + "0800080002000000",
                HEX.formatHex(bytes));
        assertEquals(m, NeighborMessage.decode(ByteBuffer.wrap(bytes), "roundtrip"));
    }

    @Test
    void ndmsgIsTwelveBytes() {
        assertEquals(12, NdMsg.SIZE);
        assertEquals(12, new NdMsg(0, 0, 0, 0, 0).toBytes().length);
    }
}
