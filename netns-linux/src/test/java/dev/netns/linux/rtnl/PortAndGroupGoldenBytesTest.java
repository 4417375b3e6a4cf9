package dev.netns.linux.rtnl;

import dev.netns.Bridge;
import dev.netns.linux.netlink.Attribute;
import dev.netns.linux.netlink.NetlinkRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static dev.netns.linux.rtnl.Golden.HEX;
import static dev.netns.linux.rtnl.Golden.framed;
import static dev.netns.linux.rtnl.Golden.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The typed requests a pod network is made of, against bytes written by hand from
 * {@code <linux/netlink.h>} and {@code <linux/if_link.h>} (little-endian hosts): device groups
 * ({@code IFLA_GROUP}, {@code ip link del group}), bridge-port data ({@code IFLA_INFO_SLAVE_KIND},
 * {@code IFLA_INFO_SLAVE_DATA}, hairpin {@code IFLA_BRPORT_MODE}) and the echo flag.
 */
class PortAndGroupGoldenBytesTest {

    @BeforeAll
    static void littleEndian() {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "golden bytes are little-endian");
    }

    @Test
    void bridgeInAGroupEchoed() {
        byte[] golden = hex(
                // nlmsghdr: len 64, RTM_NEWLINK (16), REQUEST|ACK|ECHO|EXCL|CREATE (0x60d), seq 3, pid 0
                "40000000 1000 0d06 03000000 00000000",
                // ifinfomsg: all zero
                "00 00 0000 00000000 00000000 00000000",
                // IFLA_IFNAME "br0\0"; IFLA_LINKINFO len 16 { IFLA_INFO_KIND "bridge\0" + 1 pad }
                "0800 0300 62723000", "1000 1200 0b00 0100 62726964 676500 00",
                // IFLA_GROUP (27) u32 0x12345678
                "0800 1b00 78563412");
        NetlinkRequest r = LinkRequests.create(LinkRequests.bridge(Bridge.builder().name("br0").build()), "br0",
                LinkCreation.plain().group(0x12345678).echo());
        assertEquals(HEX.formatHex(golden), HEX.formatHex(framed(r, 3)));
        LinkMessage decoded = LinkMessage.decode(ByteBuffer.wrap(golden, 16, golden.length - 16), "golden");
        assertEquals(OptionalInt.of(0x12345678), decoded.group());
        assertEquals(new LinkAttribute.Group(0x12345678), decoded.attributes().getLast());
    }

    @Test
    void masterIsAddedToKindsWithoutOne() {
        byte[] golden = hex(
                "00 00 0000 00000000 00000000 00000000",
                "0800 0300 62723100", "1000 1200 0b00 0100 62726964 676500 00",
                // IFLA_MASTER (10) 4, then IFLA_GROUP 7
                "0800 0a00 04000000", "0800 1b00 07000000");
        NetlinkRequest r = LinkRequests.create(LinkRequests.bridge(Bridge.builder().name("br1").build()), "br1",
                LinkCreation.plain().master(4).group(7));
        assertEquals(HEX.formatHex(golden), HEX.formatHex(r.body()));
        assertEquals(0x605, r.header(1).flags(), "no NLM_F_ECHO unless asked");
    }

    @Test
    void hairpinOnABridgePort() {
        byte[] golden = hex(
                // nlmsghdr: len 68, RTM_NEWLINK (16), REQUEST|ACK (0x5): changes an existing link, seq 5
                "44000000 1000 0500 05000000 00000000",
                "00 00 0000 00000000 00000000 00000000",
                // IFLA_IFNAME "h0\0" + 1 pad
                "0700 0300 68300000",
                // IFLA_LINKINFO len 28 { IFLA_INFO_SLAVE_KIND (4) len 11 "bridge\0" + 1 pad,
                "1c00 1200", "0b00 0400 62726964 676500 00",
                //   IFLA_INFO_SLAVE_DATA (5) len 12 { IFLA_BRPORT_MODE (4) len 5 u8 1 + 3 pad } }
                "0c00 0500", "0500 0400 01 000000");
        NetlinkRequest r = LinkRequests.setBridgePort("h0", BridgePortData.hairpin(true));
        assertEquals(HEX.formatHex(golden), HEX.formatHex(framed(r, 5)));
        LinkMessage decoded = LinkMessage.decode(ByteBuffer.wrap(golden, 16, golden.length - 16), "golden");
        LinkInfo info = decoded.find(LinkAttribute.Info.class).orElseThrow().info();
        assertEquals(Optional.empty(), info.kind());
        assertEquals(Optional.of("bridge"), info.portKind());
        assertEquals(Optional.of(BridgePortData.hairpin(true)), info.portData());
        assertEquals(LinkMessage.of(IfInfoMsg.empty(), new LinkAttribute.Name("h0"),
                new LinkAttribute.Info(LinkInfo.ofPort("bridge", BridgePortData.hairpin(true)))), decoded);
    }

    @Test
    void deleteByGroup() {
        byte[] golden = hex(
                // nlmsghdr: len 40, RTM_DELLINK (17), REQUEST|ACK, seq 8
                "28000000 1100 0500 08000000 00000000",
                // ifinfomsg: index 0 and no name, so the group selects the links
                "00 00 0000 00000000 00000000 00000000",
                // IFLA_GROUP 0xfffffffe (u32, printed unsigned in errors)
                "0800 1b00 feffffff");
        NetlinkRequest r = LinkRequests.deleteGroup(0xfffffffe, "bridge cni0");
        assertEquals(HEX.formatHex(golden), HEX.formatHex(framed(r, 8)));
        assertEquals("RTM_DELLINK group 4294967294 (bridge cni0)", r.describe());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LinkRequests.deleteGroup(0, ""));
        assertTrue(e.getMessage().contains("default group"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LinkCreation.plain().group(0));
    }

    @Test
    void aKernelReportedPortKeepsItsOtherAttributes() {
        byte[] info = hex(
                // IFLA_INFO_KIND "veth\0" + 3 pad
                "0900 0100 76657468 00000000",
                // IFLA_INFO_SLAVE_KIND "bridge\0" + 1 pad
                "0b00 0400 62726964 676500 00",
                // IFLA_INFO_SLAVE_DATA len 20 { IFLA_BRPORT_STATE (1) u8 3 + pad, IFLA_BRPORT_MODE u8 0 + pad }
                "1400 0500", "0500 0100 03 000000", "0500 0400 00 000000");
        LinkInfo decoded = LinkInfo.decode(Attribute.parseAll(ByteBuffer.wrap(info).order(ByteOrder.nativeOrder()), "info"));
        assertEquals(Optional.of("veth"), decoded.kind());
        BridgePortData port = (BridgePortData) decoded.portData().orElseThrow();
        assertEquals(Optional.of(false), port.hairpin());
        assertEquals(List.of(new Attribute(1, new byte[] {3})), port.others());
    }
}
