package dev.netns.linux.rtnl;

import dev.netns.linux.netlink.Attribute;
import dev.netns.linux.netlink.AttributeWriter;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The attributes of a neighbour or forwarding-database message ({@code NDA_*} in
 * {@code <linux/neighbour.h>}); others, such as {@code NDA_CACHEINFO}, are kept as {@link Unknown}.
 */
sealed interface NeighborAttribute {
    int NDA_DST = 1;
    int NDA_LLADDR = 2;
    int NDA_VLAN = 5;
    int NDA_PORT = 6;
    int NDA_VNI = 7;
    int NDA_IFINDEX = 8;
    int NDA_MASTER = 9;

    void writeTo(AttributeWriter out);

    /** {@code NDA_DST}: the neighbour's IP address, or a vxlan forwarding entry's remote endpoint. */
    record Destination(InetAddress address) implements NeighborAttribute {
        public void writeTo(AttributeWriter out) {
            out.put(NDA_DST, address.getAddress());
        }
    }

    /** {@code NDA_LLADDR}: the link-layer address, as many bytes as the link type's addresses have (6 for Ethernet). */
    record LinkLayerAddress(byte[] bytes) implements NeighborAttribute {
        public LinkLayerAddress {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        public void writeTo(AttributeWriter out) {
            out.put(NDA_LLADDR, bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof LinkLayerAddress l && Arrays.equals(bytes, l.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "LinkLayerAddress[" + HexFormat.ofDelimiter(":").formatHex(bytes) + "]";
        }
    }

    /** {@code NDA_VLAN} (u16): the VLAN of a bridge forwarding entry. */
    record Vlan(int vlan) implements NeighborAttribute {
        public void writeTo(AttributeWriter out) {
            out.u16(NDA_VLAN, vlan);
        }
    }

    /** {@code NDA_PORT} (u16, network byte order): a vxlan entry's remote UDP port. */
    record Port(int port) implements NeighborAttribute {
        public void writeTo(AttributeWriter out) {
            out.u16be(NDA_PORT, port);
        }
    }

    /** {@code NDA_VNI} (u32): a vxlan entry's remote VNI. */
    record Vni(int vni) implements NeighborAttribute {
        public void writeTo(AttributeWriter out) {
            out.u32(NDA_VNI, vni);
        }
    }

    /** {@code NDA_IFINDEX} (u32): the interface a vxlan entry's packets leave by. */
    record OutputInterface(int index) implements NeighborAttribute {
        public void writeTo(AttributeWriter out) {
            out.u32(NDA_IFINDEX, index);
        }
    }

    /** {@code NDA_MASTER} (u32): the bridge a port's forwarding entry belongs to. */
    record Master(int index) implements NeighborAttribute {
        public void writeTo(AttributeWriter out) {
            out.u32(NDA_MASTER, index);
        }
    }

    /** Any other attribute, kept as it came. */
    record Unknown(Attribute attribute) implements NeighborAttribute {
        public void writeTo(AttributeWriter out) {
            attribute.writeTo(out);
        }
    }

    static NeighborAttribute decode(Attribute a) {
        return switch (a.type()) {
            case NDA_DST -> new Destination(IpBytes.decode(a, "NDA_DST"));
            case NDA_LLADDR -> new LinkLayerAddress(a.value());
            case NDA_VLAN -> new Vlan(a.u16("NDA_VLAN"));
            case NDA_PORT -> new Port(a.u16be("NDA_PORT"));
            case NDA_VNI -> new Vni(a.u32("NDA_VNI"));
            case NDA_IFINDEX -> new OutputInterface(a.u32("NDA_IFINDEX"));
            case NDA_MASTER -> new Master(a.u32("NDA_MASTER"));
            default -> new Unknown(a);
        };
    }
}
