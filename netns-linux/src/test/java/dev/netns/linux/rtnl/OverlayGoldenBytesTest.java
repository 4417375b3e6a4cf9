package dev.netns.linux.rtnl;

import dev.netns.IpPrefix;
import dev.netns.Vxlan;
import dev.netns.linux.netlink.NetlinkRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalInt;

import static dev.netns.linux.rtnl.Golden.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The two requests an overlay adds to links and routes — a vxlan device without learning and a
 * route via a gateway forced on-link — against bytes captured from iproute2 6.1
 * ({@code strace -e sendmsg -xx}), in both directions.
 */
class OverlayGoldenBytesTest {
    private static final HexFormat HEX = Golden.HEX;

    @BeforeAll
    static void littleEndian() {
        Golden.assumeLittleEndian();
    }


    @Test
    void vxlanWithoutLearning() {
        // ip link add vx0 type vxlan id 1 local 172.18.0.2 dev d0 dstport 8472 nolearning   (d0 = ifindex 3)
        String ifinfo = "00 00 0000 00000000 00000000 00000000";
        String name = "0800 0300 76783000";                        // IFLA_IFNAME "vx0\0"
        String kind = "0a00 0100 7678 6c61 6e00 0000";              // IFLA_INFO_KIND "vxlan\0" + 2 pad
        String kindIproute2 = "0900 0100 7678 6c61 6e00 0000";      // iproute2 leaves the NUL out: len 9 + 3 pad
        String id = "0800 0100 01000000";                          // IFLA_VXLAN_ID (1) 1
        String local = "0800 0400 ac120002";                       // IFLA_VXLAN_LOCAL (4) 172.18.0.2
        String link = "0800 0300 03000000";                        // IFLA_VXLAN_LINK (3) 3
        String port = "0600 0f00 2118 0000";                       // IFLA_VXLAN_PORT (15) 8472, big-endian
        String noLearning = "0500 0700 00 000000";                 // IFLA_VXLAN_LEARNING (7) u8 0 + 3 pad
        // IFLA_LINKINFO (18) len 60 { kind, IFLA_INFO_DATA (2) len 44 { ... } }
        byte[] iproute2 = hex(ifinfo, name, "3c00 1200", kindIproute2, "2c00 0200", link, id, local, noLearning, port);
        byte[] ours = hex(ifinfo, name, "3c00 1200", kind, "2c00 0200", id, local, link, port, noLearning);

        Vxlan spec = Vxlan.builder().name("vx0").vni(1).local(IpPrefix.parseAddress("172.18.0.2")).device("d0")
                .dstPort(8472).learning(false).build();
        LinkMessage model = LinkRequests.vxlan(spec, OptionalInt.of(3));
        assertEquals(HEX.formatHex(ours), HEX.formatHex(model.toBytes()));
        // iproute2 orders the attributes otherwise; both decode to the same options
        VxlanData fromIproute2 = vxlanData(LinkMessage.decode(ByteBuffer.wrap(iproute2), "iproute2"));
        VxlanData fromUs = vxlanData(model);
        assertEquals(Optional.of(false), fromIproute2.learning());
        assertEquals(fromUs, fromIproute2);
        assertEquals(model, LinkMessage.decode(ByteBuffer.wrap(ours), "ours"));
        // learning on is the kernel default, so it is not sent at all
        VxlanData learning = vxlanData(LinkRequests.vxlan(Vxlan.builder().name("vx0").vni(1).build(), OptionalInt.empty()));
        assertEquals(Optional.empty(), learning.learning());
    }

    private static VxlanData vxlanData(LinkMessage m) {
        return (VxlanData) m.find(LinkAttribute.Info.class).orElseThrow().info().data().orElseThrow();
    }

    @Test
    void routeViaGatewayOnLink() {
        // ip route add 10.244.2.0/24 via 10.244.2.0 dev vx0 onlink   (vx0 = ifindex 4); iproute2 sends
        // protocol boot (3), the library static (4): the only difference
        byte[] golden = hex(
                // nlmsghdr: len 52, RTM_NEWROUTE (24), REQUEST|ACK|EXCL|CREATE, seq 5
                "34000000 1800 0506 05000000 00000000",
                // rtmsg: AF_INET, dst_len 24, table MAIN, proto STATIC, scope UNIVERSE, UNICAST; flags RTNH_F_ONLINK (4)
                "02 18 00 00 fe 04 00 01 04000000",
                // RTA_DST 10.244.2.0, RTA_GATEWAY 10.244.2.0, RTA_OIF 4
                "0800 0100 0af40200", "0800 0500 0af40200", "0800 0400 04000000");
        NetlinkRequest r = RouteRequests.addViaOnLink(IpPrefix.parse("10.244.2.0/24"), IpPrefix.parseAddress("10.244.2.0"), 4, "vx0");
        assertEquals(HEX.formatHex(golden), HEX.formatHex(Golden.framed(r, 5)));
        RouteMessage m = RouteMessage.decode(ByteBuffer.wrap(golden, 16, golden.length - 16), "golden");
        assertEquals(RtMsg.RTNH_F_ONLINK, m.header().flags());
        assertEquals(IpPrefix.parse("10.244.2.0/24"), m.toRoute().destination());
        assertEquals(Optional.of(IpPrefix.parseAddress("10.244.2.0")), m.toRoute().gateway());
        assertEquals(4, m.toRoute().outputIndex().orElseThrow());
    }
}
