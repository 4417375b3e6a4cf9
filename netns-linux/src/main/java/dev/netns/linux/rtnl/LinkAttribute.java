package dev.netns.linux.rtnl;

import dev.netns.linux.netlink.Attribute;
import dev.netns.linux.netlink.AttributeWriter;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The attributes of a link message ({@code IFLA_*} in {@code <linux/if_link.h>}) the library
 * reads or writes, typed; every other attribute is kept as {@link Unknown} and written back
 * unchanged.
 */
public sealed interface LinkAttribute {
    int IFLA_ADDRESS = 1;
    int IFLA_IFNAME = 3;
    int IFLA_MTU = 4;
    int IFLA_LINK = 5;
    int IFLA_MASTER = 10;
    int IFLA_OPERSTATE = 16;
    int IFLA_IFALIAS = 20;
    int IFLA_LINKINFO = 18;
    int IFLA_GROUP = 27;
    int IFLA_NET_NS_FD = 28;
    int IFLA_EXT_MASK = 29;
    int IFLA_LINK_NETNSID = 37;

    /** Appends this attribute to a message being built. */
    void writeTo(AttributeWriter out);

    /** {@code IFLA_IFNAME}: the interface name. */
    record Name(String name) implements LinkAttribute {
        public void writeTo(AttributeWriter out) {
            out.string(IFLA_IFNAME, name);
        }
    }

    /** {@code IFLA_MTU}. */
    record Mtu(int mtu) implements LinkAttribute {
        public void writeTo(AttributeWriter out) {
            out.u32(IFLA_MTU, mtu);
        }
    }

    /** {@code IFLA_ADDRESS}: the hardware address (6 bytes for Ethernet). */
    record HardwareAddress(byte[] bytes) implements LinkAttribute {
        public HardwareAddress {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        public void writeTo(AttributeWriter out) {
            out.put(IFLA_ADDRESS, bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof HardwareAddress h && Arrays.equals(bytes, h.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "HardwareAddress[" + HexFormat.ofDelimiter(":").formatHex(bytes) + "]";
        }
    }

    /** {@code IFLA_MASTER}: the master's index; 0 in a request releases the link from its master. */
    record Master(int index) implements LinkAttribute {
        public void writeTo(AttributeWriter out) {
            out.u32(IFLA_MASTER, index);
        }
    }

    /** {@code IFLA_LINK}: the parent (macvlan) or peer (veth) index. */
    record Link(int index) implements LinkAttribute {
        public void writeTo(AttributeWriter out) {
            out.u32(IFLA_LINK, index);
        }
    }

    /** {@code IFLA_LINK_NETNSID}: the netns id of the namespace {@link Link} lives in. */
    record LinkNetnsId(int id) implements LinkAttribute {
        public void writeTo(AttributeWriter out) {
            out.u32(IFLA_LINK_NETNSID, id);
        }
    }

    /**
     * {@code IFLA_IFALIAS}: the interface's alias ({@code ip link set NAME alias TEXT}), at most 255
     * bytes. Written without a terminating NUL, as iproute2 sends it; the kernel reports it with one.
     */
    record Alias(String text) implements LinkAttribute {
        /** IFALIASZ - 1 (if.h). */
        public static final int MAX_BYTES = 255;

        public Alias {
            if (text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_BYTES) {
                throw new IllegalArgumentException("interface alias must be at most " + MAX_BYTES + " bytes (IFALIASZ-1): " + text);
            }
        }

        public void writeTo(AttributeWriter out) {
            out.put(IFLA_IFALIAS, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** {@code IFLA_OPERSTATE} (u8, {@code IF_OPER_*}). */
    record OperState(int state) implements LinkAttribute {
        public void writeTo(AttributeWriter out) {
            out.u8(IFLA_OPERSTATE, state);
        }
    }

    /** {@code IFLA_NET_NS_FD}: in a request, the namespace (an nsfs fd) to create or move the link in. */
    record NetNsFd(int fd) implements LinkAttribute {
        public void writeTo(AttributeWriter out) {
            out.u32(IFLA_NET_NS_FD, fd);
        }
    }

    /**
     * {@code IFLA_GROUP}: the device group (u32, 0 is the default group). In an {@code RTM_DELLINK}
     * without a name or index it selects every link of the group ({@code ip link del group G}).
     */
    record Group(int group) implements LinkAttribute {
        public void writeTo(AttributeWriter out) {
            out.u32(IFLA_GROUP, group);
        }
    }

    /** {@code IFLA_EXT_MASK}: {@code RTEXT_FILTER_*} bits of a get or dump. */
    record ExtMask(int mask) implements LinkAttribute {
        public void writeTo(AttributeWriter out) {
            out.u32(IFLA_EXT_MASK, mask);
        }
    }

    /** {@code IFLA_LINKINFO}: the kind and its kind-specific data. */
    record Info(LinkInfo info) implements LinkAttribute {
        public void writeTo(AttributeWriter out) {
            int nest = out.beginNested(IFLA_LINKINFO);
            info.writeContents(out);
            out.endNested(nest);
        }
    }

    /** Any other attribute, kept as it came. */
    record Unknown(Attribute attribute) implements LinkAttribute {
        public void writeTo(AttributeWriter out) {
            attribute.writeTo(out);
        }
    }

    /** The typed form of one attribute of a link message. */
    static LinkAttribute decode(Attribute a) {
        return switch (a.type()) {
            case IFLA_IFNAME -> new Name(a.string("IFLA_IFNAME"));
            case IFLA_MTU -> new Mtu(a.u32("IFLA_MTU"));
            case IFLA_ADDRESS -> new HardwareAddress(a.value());
            case IFLA_MASTER -> new Master(a.u32("IFLA_MASTER"));
            case IFLA_LINK -> new Link(a.u32("IFLA_LINK"));
            case IFLA_LINK_NETNSID -> new LinkNetnsId(a.u32("IFLA_LINK_NETNSID"));
            case IFLA_OPERSTATE -> new OperState(a.u8("IFLA_OPERSTATE"));
            case IFLA_IFALIAS -> new Alias(a.string("IFLA_IFALIAS"));
            case IFLA_NET_NS_FD -> new NetNsFd(a.u32("IFLA_NET_NS_FD"));
            case IFLA_GROUP -> new Group(a.u32("IFLA_GROUP"));
            case IFLA_EXT_MASK -> new ExtMask(a.u32("IFLA_EXT_MASK"));
            case IFLA_LINKINFO -> new Info(LinkInfo.decode(a.nested("IFLA_LINKINFO")));
            default -> new Unknown(a);
        };
    }
}
