package dev.netns.linux.rtnl;

import dev.netns.linux.netlink.Attribute;
import dev.netns.linux.netlink.AttributeWriter;

import java.net.InetAddress;

/** The attributes of an address message ({@code IFA_*} in {@code <linux/if_addr.h>}); others are kept as {@link Unknown}. */
sealed interface AddressAttribute {
    int IFA_ADDRESS = 1;
    int IFA_LOCAL = 2;
    int IFA_LABEL = 3;
    int IFA_FLAGS = 8;
    /** {@code IFA_F_NODAD}: skip IPv6 duplicate address detection. */
    int IFA_F_NODAD = 0x02;
    /** {@code IFA_F_PERMANENT}: configured, not learned. */
    int IFA_F_PERMANENT = 0x80;

    void writeTo(AttributeWriter out);

    /** {@code IFA_ADDRESS}: the address (on point-to-point links, the peer's). */
    record Address(InetAddress address) implements AddressAttribute {
        public void writeTo(AttributeWriter out) {
            out.put(IFA_ADDRESS, address.getAddress());
        }
    }

    /** {@code IFA_LOCAL}: the local address (IPv4). */
    record Local(InetAddress address) implements AddressAttribute {
        public void writeTo(AttributeWriter out) {
            out.put(IFA_LOCAL, address.getAddress());
        }
    }

    /** {@code IFA_LABEL}: the IPv4 label ({@code eth0:1}). */
    record Label(String label) implements AddressAttribute {
        public void writeTo(AttributeWriter out) {
            out.string(IFA_LABEL, label);
        }
    }

    /** {@code IFA_FLAGS}: all 32 bits of {@code IFA_F_*}. */
    record Flags(int flags) implements AddressAttribute {
        public void writeTo(AttributeWriter out) {
            out.u32(IFA_FLAGS, flags);
        }
    }

    /** Any other attribute, kept as it came. */
    record Unknown(Attribute attribute) implements AddressAttribute {
        public void writeTo(AttributeWriter out) {
            attribute.writeTo(out);
        }
    }

    static AddressAttribute decode(Attribute a) {
        return switch (a.type()) {
            case IFA_ADDRESS -> new Address(IpBytes.decode(a, "IFA_ADDRESS"));
            case IFA_LOCAL -> new Local(IpBytes.decode(a, "IFA_LOCAL"));
            case IFA_LABEL -> new Label(a.string("IFA_LABEL"));
            case IFA_FLAGS -> new Flags(a.u32("IFA_FLAGS"));
            default -> new Unknown(a);
        };
    }
}
