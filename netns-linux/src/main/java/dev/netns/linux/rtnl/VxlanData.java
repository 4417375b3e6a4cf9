package dev.netns.linux.rtnl;

import dev.netns.linux.netlink.Attribute;
import dev.netns.linux.netlink.AttributeWriter;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * vxlan's {@code IFLA_INFO_DATA} ({@code IFLA_VXLAN_*}), the options the library sets; others are
 * kept raw. {@code IFLA_VXLAN_GROUP}/{@code GROUP6} carry either a multicast group or a unicast
 * remote; the address family picks the attribute.
 *
 * @param vni    {@code IFLA_VXLAN_ID} (u32, 24 significant bits)
 * @param group  {@code IFLA_VXLAN_GROUP} (in_addr) or {@code IFLA_VXLAN_GROUP6} (in6_addr): remote or group
 * @param local  {@code IFLA_VXLAN_LOCAL} or {@code IFLA_VXLAN_LOCAL6}: the source address
 * @param link   {@code IFLA_VXLAN_LINK} (u32): the underlying device's index
 * @param port   {@code IFLA_VXLAN_PORT} (u16, network byte order): the UDP destination port
 * @param learning {@code IFLA_VXLAN_LEARNING} (u8): whether remotes are learned from received packets
 * @param others other attributes, kept
 */
record VxlanData(OptionalInt vni, Optional<InetAddress> group, Optional<InetAddress> local, OptionalInt link,
                        OptionalInt port, Optional<Boolean> learning, List<Attribute> others) implements LinkInfoData {
    public static final String KIND = "vxlan";
    public static final int IFLA_VXLAN_ID = 1;
    public static final int IFLA_VXLAN_GROUP = 2;
    public static final int IFLA_VXLAN_LINK = 3;
    public static final int IFLA_VXLAN_LOCAL = 4;
    public static final int IFLA_VXLAN_LEARNING = 7;
    public static final int IFLA_VXLAN_PORT = 15;
    public static final int IFLA_VXLAN_GROUP6 = 16;
    public static final int IFLA_VXLAN_LOCAL6 = 17;

    public VxlanData {
        others = List.copyOf(others);
    }

    /** Without {@code IFLA_VXLAN_LEARNING} (the kernel's default, learning on). */
    public VxlanData(OptionalInt vni, Optional<InetAddress> group, Optional<InetAddress> local, OptionalInt link,
                     OptionalInt port, List<Attribute> others) {
        this(vni, group, local, link, port, Optional.empty(), others);
    }

    public void writeContents(AttributeWriter out) {
        vni.ifPresent(v -> out.u32(IFLA_VXLAN_ID, v));
        group.ifPresent(g -> out.put(g instanceof Inet4Address ? IFLA_VXLAN_GROUP : IFLA_VXLAN_GROUP6, g.getAddress()));
        local.ifPresent(l -> out.put(l instanceof Inet4Address ? IFLA_VXLAN_LOCAL : IFLA_VXLAN_LOCAL6, l.getAddress()));
        link.ifPresent(l -> out.u32(IFLA_VXLAN_LINK, l));
        port.ifPresent(p -> out.u16be(IFLA_VXLAN_PORT, p));
        learning.ifPresent(l -> out.u8(IFLA_VXLAN_LEARNING, l ? 1 : 0));
        others.forEach(a -> a.writeTo(out));
    }

    static VxlanData decode(Attribute data) {
        OptionalInt vni = OptionalInt.empty();
        OptionalInt link = OptionalInt.empty();
        OptionalInt port = OptionalInt.empty();
        Optional<InetAddress> group = Optional.empty();
        Optional<InetAddress> local = Optional.empty();
        Optional<Boolean> learning = Optional.empty();
        List<Attribute> others = new ArrayList<>();
        for (Attribute a : data.nested("IFLA_INFO_DATA (vxlan)")) {
            switch (a.type()) {
                case IFLA_VXLAN_ID -> vni = OptionalInt.of(a.u32("IFLA_VXLAN_ID"));
                case IFLA_VXLAN_GROUP, IFLA_VXLAN_GROUP6 -> group = Optional.of(IpBytes.decode(a, "IFLA_VXLAN_GROUP"));
                case IFLA_VXLAN_LOCAL, IFLA_VXLAN_LOCAL6 -> local = Optional.of(IpBytes.decode(a, "IFLA_VXLAN_LOCAL"));
                case IFLA_VXLAN_LINK -> link = OptionalInt.of(a.u32("IFLA_VXLAN_LINK"));
                case IFLA_VXLAN_PORT -> port = OptionalInt.of(a.u16be("IFLA_VXLAN_PORT"));
                case IFLA_VXLAN_LEARNING -> learning = Optional.of(a.u8("IFLA_VXLAN_LEARNING") != 0);
                default -> others.add(a);
            }
        }
        return new VxlanData(vni, group, local, link, port, learning, others);
    }
}
