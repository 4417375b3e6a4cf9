package dev.netns.linux.rtnl;

import dev.netns.Link;
import dev.netns.MacAddress;
import dev.netns.linux.netlink.MalformedMessageException;
import dev.netns.linux.netlink.Netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The public {@link Link} of a link message, read straight from its bytes: the eight attributes a
 * {@code Link} shows are read where they lie, every other one (statistics, {@code IFLA_AF_SPEC},
 * the kind's data, some forty in a kernel's reply) is stepped over without being copied or decoded.
 * This is what {@code ip link show}, a fetch, a dump and an echoed create return through, mostly
 * before the JIT has compiled anything; {@link LinkMessage#decode} remains for callers that want
 * every attribute. Both give the same {@code Link} ({@code LinkReaderTest}).
 */
final class LinkReader {
    private static final int HEADER = 4;

    private LinkReader() {
    }

    /**
     * The link of an {@code RTM_NEWLINK} body (an {@code ifinfomsg} and attributes). The first
     * attribute of each type counts, as in {@link LinkMessage#toLink()}.
     *
     * @throws MalformedMessageException naming {@code context}, for a truncated header or attribute
     */
    static Link read(ByteBuffer body, String context) {
        ByteBuffer in = body.slice().order(ByteOrder.nativeOrder());
        IfInfoMsg header = IfInfoMsg.read(in, context);
        String name = null;
        String kind = null;
        boolean infoSeen = false;
        byte[] mac = null;
        int netnsId = -1;
        boolean netnsIdSeen = false;
        int operState = -1;
        int mtu = -1;
        int master = -1;
        int link = -1;
        while (in.remaining() >= HEADER) {
            int start = in.position();
            int len = checkedLength(in, start, in.limit(), context);
            int type = Short.toUnsignedInt(in.getShort(start + 2)) & Netlink.NLA_TYPE_MASK;
            int value = start + HEADER;
            int size = len - HEADER;
            switch (type) {
                case LinkAttribute.IFLA_IFNAME -> name = name == null ? string(in, value, size) : name;
                case LinkAttribute.IFLA_LINKINFO -> {
                    if (!infoSeen) {
                        infoSeen = true;
                        kind = kind(in, value, value + size, context);
                    }
                }
                case LinkAttribute.IFLA_ADDRESS -> {
                    if (mac == null) {
                        mac = new byte[size];
                        in.get(value, mac);
                    }
                }
                case LinkAttribute.IFLA_LINK_NETNSID -> {
                    if (!netnsIdSeen) {
                        netnsIdSeen = true;
                        netnsId = u32(in, value, size, "IFLA_LINK_NETNSID", context);
                    }
                }
                case LinkAttribute.IFLA_OPERSTATE -> {
                    if (operState < 0) {
                        need(size, 1, "IFLA_OPERSTATE", context);
                        operState = Byte.toUnsignedInt(in.get(value));
                    }
                }
                case LinkAttribute.IFLA_MTU -> mtu = mtu < 0 ? u32(in, value, size, "IFLA_MTU", context) : mtu;
                case LinkAttribute.IFLA_MASTER -> master = master < 0 ? u32(in, value, size, "IFLA_MASTER", context) : master;
                case LinkAttribute.IFLA_LINK -> link = link < 0 ? u32(in, value, size, "IFLA_LINK", context) : link;
                default -> {
                    // not part of a Link: stepped over
                }
            }
            in.position(Math.min(in.limit(), start + Netlink.align(len)));
        }
        if (in.hasRemaining()) {
            throw new MalformedMessageException(context + ": " + in.remaining()
                    + " trailing bytes after the last attribute, too few for a header");
        }
        return link(header, name, kind, mac, netnsIdSeen ? OptionalInt.of(netnsId) : OptionalInt.empty(),
                operState, mtu, master, link);
    }

    /**
     * The {@code Link} of the first value of each attribute ({@code null} or -1 where absent); here
     * and in {@link LinkMessage#toLink()}.
     */
    static Link link(IfInfoMsg header, String name, String kind, byte[] mac, OptionalInt netnsId, int operState,
                     int mtu, int master, int link) {
        // devices without a parent report their own index as IFLA_LINK; an index in another
        // namespace (IFLA_LINK_NETNSID present) may equal ours by coincidence
        return new Link(header.index(),
                name == null ? "" : name,
                Optional.ofNullable(kind),
                header.flags(),
                Rtnl.operState(Math.max(operState, 0)),
                Math.max(mtu, 0),
                mac != null && mac.length == 6 ? Optional.of(MacAddress.of(mac)) : Optional.empty(),
                positive(master),
                netnsId.isPresent() || link != header.index() ? positive(link) : OptionalInt.empty(),
                netnsId);
    }

    /** {@code IFLA_INFO_KIND} inside {@code IFLA_LINKINFO} ({@code [from, to)}), or null. */
    private static String kind(ByteBuffer in, int from, int to, String context) {
        String kind = null;
        int at = from;
        while (to - at >= HEADER) {
            int len = checkedLength(in, at, to, context + ", IFLA_LINKINFO");
            if ((Short.toUnsignedInt(in.getShort(at + 2)) & Netlink.NLA_TYPE_MASK) == LinkInfo.IFLA_INFO_KIND && kind == null) {
                kind = string(in, at + HEADER, len - HEADER);
            }
            at = Math.min(to, at + Netlink.align(len));
        }
        if (at != to) {
            throw new MalformedMessageException(context + ", IFLA_LINKINFO: " + (to - at)
                    + " trailing bytes after the last attribute, too few for a header");
        }
        return kind;
    }

    /** The length of the attribute at {@code start}, checked against its header and {@code limit}. */
    private static int checkedLength(ByteBuffer in, int start, int limit, String context) {
        int len = Short.toUnsignedInt(in.getShort(start));
        if (len < HEADER) {
            throw new MalformedMessageException(context + ": attribute at offset " + start + " has length " + len
                    + ", less than its 4-byte header");
        }
        if (len > limit - start) {
            throw new MalformedMessageException(context + ": truncated attribute at offset " + start + ": length "
                    + len + ", " + (limit - start) + " bytes left");
        }
        return len;
    }

    private static int u32(ByteBuffer in, int at, int size, String attribute, String context) {
        need(size, 4, attribute, context);
        return in.getInt(at);
    }

    private static void need(int size, int needed, String attribute, String context) {
        if (size < needed) {
            throw new MalformedMessageException(context + ", " + attribute + ": value of " + size + " bytes, need " + needed);
        }
    }

    /** A string value; one trailing NUL (and anything after it) is dropped. */
    private static String string(ByteBuffer in, int at, int size) {
        int end = 0;
        while (end < size && in.get(at + end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end];
        in.get(at, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static OptionalInt positive(int index) {
        return index > 0 ? OptionalInt.of(index) : OptionalInt.empty();
    }
}
