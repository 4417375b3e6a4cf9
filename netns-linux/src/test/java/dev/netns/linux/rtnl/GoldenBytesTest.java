package dev.netns.linux.rtnl;

import dev.netns.Bridge;
import dev.netns.IpPrefix;
import dev.netns.MacAddress;
import dev.netns.VethPair;
import dev.netns.linux.netlink.NetlinkRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static dev.netns.linux.rtnl.Golden.framed;
import static dev.netns.linux.rtnl.Golden.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Requests against bytes written by hand from {@code <linux/netlink.h>}, {@code rtnetlink.h},
 * {@code if_link.h}, {@code veth.h} and {@code if_addr.h} (little-endian hosts), each asserted in
 * both directions: the encoder emits them and the decoder reads them back to the same model.
 */
class GoldenBytesTest {
    private static final HexFormat HEX = Golden.HEX;

    @BeforeAll
    static void littleEndian() {
        Golden.assumeLittleEndian();
    }

    @Test
    void addDummyKind() {
        byte[] golden = hex(
                // nlmsghdr: len 56, RTM_NEWLINK (16), REQUEST|ACK|EXCL|CREATE (0x605), seq 1, pid 0
                "38000000 1000 0506 01000000 00000000",
                // ifinfomsg: family 0, pad, type 0, index 0, flags 0, change 0
                "00 00 0000 00000000 00000000 00000000",
                // IFLA_IFNAME (3) len 7 "d0\0" + 1 pad
                "0700 0300 64300000",
                // IFLA_LINKINFO (18) len 16 { IFLA_INFO_KIND (1) len 10 "dummy\0" + 2 pad }
                "1000 1200 0a00 0100 64756d6d 79000000");
        NetlinkRequest r = LinkRequests.add("d0", "dummy");
        assertEquals(HEX.formatHex(golden), HEX.formatHex(framed(r, 1)));
        LinkMessage decoded = LinkMessage.decode(ByteBuffer.wrap(golden, 16, golden.length - 16), "golden");
        assertEquals(LinkMessage.of(IfInfoMsg.empty(), new LinkAttribute.Name("d0"),
                new LinkAttribute.Info(LinkInfo.of("dummy"))), decoded);
    }

    @Test
    void setAlias() {
        byte[] golden = hex(
                // nlmsghdr: len 48, RTM_SETLINK (19), REQUEST|ACK (0x5), seq 3, pid 0
                "30000000 1300 0500 03000000 00000000",
                // ifinfomsg: all zero (the link is chosen by name)
                "00 00 0000 00000000 00000000 00000000",
                // IFLA_IFNAME (3) len 7 "v0\0" + 1 pad
                "0700 0300 76300000",
                // IFLA_IFALIAS (20) len 6 "hi", no NUL (as iproute2 sends it) + 2 pad
                "0600 1400 6869 0000");
        NetlinkRequest r = LinkRequests.setAlias("v0", "hi");
        assertEquals(HEX.formatHex(golden), HEX.formatHex(framed(r, 3)));
        LinkMessage decoded = LinkMessage.decode(ByteBuffer.wrap(golden, 16, golden.length - 16), "golden");
        assertEquals(Optional.of("hi"), decoded.alias());
        // the kernel reports the alias NUL-terminated: "hi\0" + 1 pad
        LinkMessage reported = LinkMessage.decode(ByteBuffer.wrap(hex("00 00 0000 00000000 00000000 00000000", "0700 1400 68690000")),
                "reported");
        assertEquals(Optional.of("hi"), reported.alias());
    }

    @Test
    void setPromiscuousOnAndOff() {
        byte[] on = hex(
                // nlmsghdr: len 40, RTM_SETLINK (19), REQUEST|ACK (0x5), seq 4, pid 0
                "28000000 1300 0500 04000000 00000000",
                // ifinfomsg: family 0, pad, type 0, index 0, flags IFF_PROMISC (0x100), change IFF_PROMISC
                "00 00 0000 00000000 00010000 00010000",
                // IFLA_IFNAME (3) len 8 "br0\0"
                "0800 0300 62723000");
        assertEquals(HEX.formatHex(on), HEX.formatHex(framed(LinkRequests.setPromiscuous("br0", true), 4)));
        byte[] off = hex(
                "28000000 1300 0500 05000000 00000000",
                // flags clear, change still IFF_PROMISC: the kernel clears the flag
                "00 00 0000 00000000 00000000 00010000",
                "0800 0300 62723000");
        assertEquals(HEX.formatHex(off), HEX.formatHex(framed(LinkRequests.setPromiscuous("br0", false), 5)));
        LinkMessage decoded = LinkMessage.decode(ByteBuffer.wrap(on, 16, on.length - 16), "golden");
        assertEquals(LinkMessage.of(new IfInfoMsg(0, 0, 0, 0x100, 0x100), new LinkAttribute.Name("br0")), decoded);
    }

    @Test
    void vethWithPeerInAnotherNamespace() {
        byte[] golden = hex(
                // ifinfomsg of the first end: all zero (down)
                "00 00 0000 00000000 00000000 00000000",
                // IFLA_IFNAME "v0", IFLA_MTU (4) 1450
                "0700 0300 76300000", "0800 0400 aa050000",
                // IFLA_LINKINFO len 64 { IFLA_INFO_KIND len 9 "veth\0" + 3 pad
                "4000 1200", "0900 0100 76657468 00000000",
                //   IFLA_INFO_DATA (2) len 48 { VETH_INFO_PEER (1) len 44 {
                "3000 0200", "2c00 0100",
                //     ifinfomsg of the peer, IFLA_IFNAME "e0", IFLA_MTU 1450, IFLA_NET_NS_FD (28) fd 7 } } }
                "00 00 0000 00000000 00000000 00000000",
                "0700 0300 65300000", "0800 0400 aa050000", "0800 1c00 07000000");
        VethPair.Spec spec = new VethPair.Spec("v0", "e0", Optional.empty(), OptionalInt.of(1450),
                Optional.empty(), Optional.empty(), false);
        LinkMessage model = LinkRequests.veth(spec, OptionalInt.of(7), OptionalInt.empty());
        assertEquals(HEX.formatHex(golden), HEX.formatHex(model.toBytes()));
        LinkMessage decoded = LinkMessage.decode(ByteBuffer.wrap(golden), "golden");
        assertEquals(model, decoded);
        VethData veth = (VethData) decoded.find(LinkAttribute.Info.class).orElseThrow().info().data().orElseThrow();
        assertEquals(Optional.of("e0"), veth.peer().orElseThrow().name());
    }

    @Test
    void bridgeUpWithMac() {
        byte[] golden = hex(
                // ifinfomsg: flags IFF_UP, change IFF_UP
                "00 00 0000 00000000 01000000 01000000",
                // IFLA_IFNAME "br0\0", IFLA_ADDRESS (1) 02:00:00:00:00:07 + 2 pad
                "0800 0300 62723000", "0a00 0100 020000000007 0000",
                // IFLA_LINKINFO len 16 { IFLA_INFO_KIND "bridge\0" + 1 pad }
                "1000 1200 0b00 0100 62726964 676500 00");
        LinkMessage model = LinkRequests.bridge(Bridge.builder().name("br0").up(true)
                .macAddress(MacAddress.parse("02:00:00:00:00:07")).build());
        assertEquals(HEX.formatHex(golden), HEX.formatHex(model.toBytes()));
        assertEquals(model, LinkMessage.decode(ByteBuffer.wrap(golden), "golden"));
    }

    @Test
    void setMasterByName() {
        byte[] golden = hex(
                // nlmsghdr: len 52, RTM_SETLINK (19), REQUEST|ACK (0x5), seq 9, pid 0
                "34000000 1300 0500 09000000 00000000",
                "00 00 0000 00000000 00000000 00000000",
                // IFLA_IFNAME "veth1\0" + 2 pad, IFLA_MASTER (10) index 3
                "0a00 0300 76657468 31000000", "0800 0a00 03000000");
        assertEquals(HEX.formatHex(golden), HEX.formatHex(framed(LinkRequests.setMaster("veth1", 3), 9)));
    }

    @Test
    void addresses() {
        byte[] v4 = hex(
                // ifaddrmsg: AF_INET (2), prefixlen 24, flags 0, scope 0, index 2
                "02 18 00 00 02000000",
                // IFA_LOCAL (2) and IFA_ADDRESS (1): 10.244.1.2
                "0800 0200 0af40102", "0800 0100 0af40102");
        assertEquals(HEX.formatHex(v4), HEX.formatHex(AddressRequests.add(2, "eth0", IpPrefix.parse("10.244.1.2/24")).body()));
        assertEquals(AddressRequests.message(2, IpPrefix.parse("10.244.1.2/24")), AddressMessage.decode(ByteBuffer.wrap(v4), "v4"));

        byte[] v6 = hex(
                // ifaddrmsg: AF_INET6 (10), prefixlen 64, flags IFA_F_NODAD (2), scope 0, index 3
                "0a 40 02 00 03000000",
                // IFA_LOCAL, IFA_ADDRESS: fd00::1
                "1400 0200 fd000000000000000000000000000001", "1400 0100 fd000000000000000000000000000001",
                // IFA_FLAGS (8): IFA_F_NODAD
                "0800 0800 02000000");
        assertEquals(HEX.formatHex(v6), HEX.formatHex(AddressRequests.add(3, "eth0", IpPrefix.parse("fd00::1/64")).body()));
        AddressMessage m = AddressMessage.decode(ByteBuffer.wrap(v6), "v6");
        assertEquals(IpPrefix.parse("fd00::1/64"), m.toAddress().prefix());
        assertEquals(AddressAttribute.IFA_F_NODAD, m.toAddress().flags());
    }

    @Test
    void routes() {
        byte[] def = hex(
                // nlmsghdr: len 36, RTM_NEWROUTE (24), REQUEST|ACK|EXCL|CREATE, seq 2
                "24000000 1800 0506 02000000 00000000",
                // rtmsg: AF_INET, dst_len 0, src_len 0, tos 0, table MAIN (254), proto STATIC (4), scope UNIVERSE, type UNICAST; flags 0
                "02 00 00 00 fe 04 00 01 00000000",
                // RTA_GATEWAY (5) 10.244.1.1
                "0800 0500 0af40101");
        assertEquals(HEX.formatHex(def), HEX.formatHex(framed(
                RouteRequests.addVia(IpPrefix.parse("0.0.0.0/0"), IpPrefix.parseAddress("10.244.1.1")), 2)));
        byte[] onLink = hex(
                // rtmsg: AF_INET6, dst_len 64, table MAIN, proto STATIC, scope LINK (253), type UNICAST
                "0a 40 00 00 fe 04 fd 01 00000000",
                // RTA_DST (1) fd00:1:: (network of the prefix), RTA_OIF (4) 5
                "1400 0100 fd000001000000000000000000000000", "0800 0400 05000000");
        assertEquals(HEX.formatHex(onLink), HEX.formatHex(
                RouteRequests.addOnLink(IpPrefix.parse("fd00:1::9/64"), 5, "eth0").body()));
        RouteMessage r = RouteMessage.decode(ByteBuffer.wrap(onLink), "route");
        assertEquals(IpPrefix.parse("fd00:1::/64"), r.toRoute().destination());
        assertEquals(5, r.toRoute().outputIndex().orElseThrow());
        assertEquals(List.of(new RouteAttribute.Destination(IpPrefix.parseAddress("fd00:1::")),
                new RouteAttribute.OutputInterface(5)), r.attributes());
    }

    @Test
    void anEnslavedDeviceWithoutAKindHasOnlySlaveKindAndData() {
        // what the kernel reports for a physical NIC in a host bridge: no IFLA_INFO_KIND (the
        // device has no rtnl_link_ops), only the master's slave kind and port data (if_link.h)
        byte[] golden = hex(
                // ifinfomsg: family 0, pad, type 1 (ARPHRD_ETHER), index 2, flags UP|BROADCAST|RUNNING|MULTICAST, change 0
                "00 00 0100 02000000 43100000 00000000",
                // IFLA_IFNAME (3) len 9 "eth0\0" + 3 pad
                "0900 0300 65746830 00000000",
                // IFLA_MASTER (10) len 8: index 3
                "0800 0a00 03000000",
                // IFLA_LINKINFO (18) len 28 {
                "1c00 1200",
                //   IFLA_INFO_SLAVE_KIND (4) len 11 "bridge\0" + 1 pad
                "0b00 0400 62726964 676500 00",
                //   IFLA_INFO_SLAVE_DATA (5) len 12 { IFLA_BRPORT_STATE (1) len 5 u8 3 (forwarding) + 3 pad } }
                "0c00 0500 0500 0100 03000000");
        LinkMessage m = LinkMessage.decode(ByteBuffer.wrap(golden), "golden");
        LinkInfo info = m.find(LinkAttribute.Info.class).orElseThrow().info();
        assertEquals(Optional.empty(), info.kind());
        assertEquals(Optional.of("bridge"), info.portKind());
        assertEquals(Optional.empty(), m.toLink().kind());
        assertEquals(3, m.toLink().masterIndex().orElseThrow());
        assertEquals(HEX.formatHex(golden), HEX.formatHex(m.toBytes()), "emitted back byte for byte");
    }

    @Test
    void anIpv4MappedIpv6AddressStaysIpv6() {
        byte[] golden = hex(
                // ifaddrmsg: family 10 (AF_INET6), prefixlen 128, flags 0x80 (PERMANENT), scope 0, index 1
                "0a 80 80 00 01000000",
                // IFA_ADDRESS (1) len 20: ::ffff:10.9.9.9
                "1400 0100 00000000 00000000 0000ffff 0a090909");
        AddressMessage m = AddressMessage.decode(ByteBuffer.wrap(golden), "golden");
        assertEquals(IpPrefix.parse("::ffff:10.9.9.9/128"), m.toAddress().prefix());
        assertEquals("::ffff:10.9.9.9/128", m.toAddress().prefix().toString());
        assertEquals(HEX.formatHex(golden), HEX.formatHex(m.toBytes()));
    }

    @Test
    void structSizes() {
        assertEquals(16, IfInfoMsg.SIZE);
        assertEquals(16, IfInfoMsg.empty().toBytes().length);
        assertEquals(8, IfAddrMsg.SIZE);
        assertEquals(8, new IfAddrMsg(0, 0, 0, 0, 0).toBytes().length);
        assertEquals(12, RtMsg.SIZE);
        assertEquals(12, new RtMsg(0, 0, 0, 0, 0, 0, 0, 0, 0).toBytes().length);
    }
}
