package dev.netns.linux.netlink;

/**
 * Constants of the netlink protocol itself, from {@code <linux/netlink.h>}: message types every
 * family shares, header flags, socket options, extended-ack attributes, and the 4-byte alignment
 * rule ({@code NLMSG_ALIGN}, {@code NLA_ALIGN}).
 */
public final class Netlink {
    /** {@code NETLINK_ROUTE}: the rtnetlink protocol of an {@code AF_NETLINK} socket. */
    public static final int NETLINK_ROUTE = 0;
    /** {@code SOL_NETLINK}, the socket option level ({@code <linux/socket.h>}). */
    public static final int SOL_NETLINK = 270;
    /** Do not echo the request's payload in an error ack. */
    public static final int NETLINK_CAP_ACK = 10;
    /** Attach the kernel's message and the offending attribute's offset to acks. */
    public static final int NETLINK_EXT_ACK = 11;
    /** Reject malformed dump requests instead of ignoring what the kernel does not understand. */
    public static final int NETLINK_GET_STRICT_CHK = 12;
    /** Join a multicast group (the option's value is the group number, not a bit mask). */
    public static final int NETLINK_ADD_MEMBERSHIP = 1;
    /** When set, the kernel drops notifications silently instead of reporting {@code ENOBUFS}. */
    public static final int NETLINK_NO_ENOBUFS = 5;

    // message types below NLMSG_MIN_TYPE (0x10) are the protocol's own
    public static final int NLMSG_NOOP = 1;
    public static final int NLMSG_ERROR = 2;
    public static final int NLMSG_DONE = 3;
    public static final int NLMSG_OVERRUN = 4;

    // nlmsg_flags
    public static final int NLM_F_REQUEST = 0x01;
    public static final int NLM_F_MULTI = 0x02;
    public static final int NLM_F_ACK = 0x04;
    public static final int NLM_F_ECHO = 0x08;
    public static final int NLM_F_DUMP_INTR = 0x10;
    public static final int NLM_F_ROOT = 0x100;
    public static final int NLM_F_MATCH = 0x200;
    public static final int NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;
    public static final int NLM_F_REPLACE = 0x100;
    public static final int NLM_F_EXCL = 0x200;
    public static final int NLM_F_CREATE = 0x400;
    /** On an NLMSG_ERROR: the request's payload was not echoed. */
    public static final int NLM_F_CAPPED = 0x100;
    /** On an NLMSG_ERROR or NLMSG_DONE: extended-ack attributes follow. */
    public static final int NLM_F_ACK_TLVS = 0x200;

    // enum nlmsgerr_attrs
    public static final int NLMSGERR_ATTR_MSG = 1;
    public static final int NLMSGERR_ATTR_OFFS = 2;
    public static final int NLMSGERR_ATTR_COOKIE = 3;
    public static final int NLMSGERR_ATTR_POLICY = 4;
    public static final int NLMSGERR_ATTR_MISS_TYPE = 5;
    public static final int NLMSGERR_ATTR_MISS_NEST = 6;

    /** Attribute type bits that are flags, not part of the type. */
    public static final int NLA_F_NESTED = 0x8000;
    public static final int NLA_F_NET_BYTEORDER = 0x4000;
    public static final int NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff;

    private Netlink() {
    }

    /** Rounds up to the 4-byte boundary every netlink header and attribute starts on. */
    public static int align(int length) {
        return (length + 3) & ~3;
    }
}
