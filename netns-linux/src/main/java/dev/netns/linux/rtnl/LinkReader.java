package dev.netns.linux.rtnl;

import dev.netns.Link;
import dev.netns.MacAddress;
import dev.netns.linux.netlink.MalformedMessageException;
import dev.netns.linux.netlink.NativeBytes;
import dev.netns.linux.netlink.Netlink;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
     * The link of an {@code RTM_NEWLINK} body (an {@code ifinfomsg} and attributes), from the
     * buffer's position to its limit. The first attribute of each type counts, as in
     * {@link LinkMessage#toLink()}.
     *
     * @throws MalformedMessageException naming {@code context}, for a truncated header or attribute
     */
    static Link read(ByteBuffer body, String context) {
        byte[] bytes = new byte[body.remaining()];
        body.get(body.position(), bytes);
        return read(bytes, context, null);
    }

    /**
     * As {@link #read(ByteBuffer, String)}, for a whole body in an array the caller owns (e.g. a
     * message's {@code payload()} copy); a failure names {@code context} followed by {@code subject}
     * (if not null), joined only when there is a failure to report.
     */
    static Link read(byte[] in, String context, String subject) {
        int limit = in.length;
        if (limit < IfInfoMsg.SIZE) {
            throw new MalformedMessageException(where(context, subject) + ": truncated ifinfomsg, " + limit
                    + " bytes, need " + IfInfoMsg.SIZE);
        }
        IfInfoMsg header = new IfInfoMsg(in[0] & 0xff, NativeBytes.u16(in, 2), NativeBytes.i32(in, 4),
                NativeBytes.i32(in, 8), NativeBytes.i32(in, 12));
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
        int at = IfInfoMsg.SIZE;
        while (limit - at >= HEADER) {
            int len = checkedLength(in, at, limit, context, subject, null);
            int value = at + HEADER;
            int size = len - HEADER;
            switch (NativeBytes.u16(in, at + 2) & Netlink.NLA_TYPE_MASK) {
                case LinkAttribute.IFLA_IFNAME -> name = name == null ? string(in, value, size) : name;
                case LinkAttribute.IFLA_LINKINFO -> {
                    if (!infoSeen) {
                        infoSeen = true;
                        kind = kind(in, value, value + size, context, subject);
                    }
                }
                case LinkAttribute.IFLA_ADDRESS -> {
                    if (mac == null) {
                        mac = Arrays.copyOfRange(in, value, value + size);
                    }
                }
                case LinkAttribute.IFLA_LINK_NETNSID -> {
                    if (!netnsIdSeen) {
                        netnsIdSeen = true;
                        netnsId = u32(in, value, size, "IFLA_LINK_NETNSID", context, subject);
                    }
                }
                case LinkAttribute.IFLA_OPERSTATE -> {
                    if (operState < 0) {
                        need(size, 1, "IFLA_OPERSTATE", context, subject);
                        operState = in[value] & 0xff;
                    }
                }
                case LinkAttribute.IFLA_MTU -> mtu = mtu < 0 ? u32(in, value, size, "IFLA_MTU", context, subject) : mtu;
                case LinkAttribute.IFLA_MASTER -> master = master < 0 ? u32(in, value, size, "IFLA_MASTER", context, subject) : master;
                case LinkAttribute.IFLA_LINK -> link = link < 0 ? u32(in, value, size, "IFLA_LINK", context, subject) : link;
                default -> {
                    // not part of a Link: stepped over
                }
            }
            at = Math.min(limit, at + Netlink.align(len));
        }
        if (at != limit) {
            throw new MalformedMessageException(where(context, subject) + ": " + (limit - at)
                    + " trailing bytes after the last attribute, too few for a header");
        }
        return link(header, name, kind, mac, netnsIdSeen ? OptionalInt.of(netnsId) : OptionalInt.empty(),
                operState, mtu, master, link);
    }

    private static String where(String context, String subject) {
        return subject == null ? context : context + subject;
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
    private static String kind(byte[] in, int from, int to, String context, String subject) {
        String kind = null;
        int at = from;
        while (to - at >= HEADER) {
            int len = checkedLength(in, at, to, context, subject, ", IFLA_LINKINFO");
            if ((NativeBytes.u16(in, at + 2) & Netlink.NLA_TYPE_MASK) == LinkInfo.IFLA_INFO_KIND && kind == null) {
                kind = string(in, at + HEADER, len - HEADER);
            }
            at = Math.min(to, at + Netlink.align(len));
        }
        if (at != to) {
            throw new MalformedMessageException(where(context, subject) + ", IFLA_LINKINFO: " + (to - at)
                    + " trailing bytes after the last attribute, too few for a header");
        }
        return kind;
    }

    /**
     * The length of the attribute at {@code start}, checked against its header and {@code limit};
     * a failure names the context, then {@code within} (a nest) if not null.
     */
    private static int checkedLength(byte[] in, int start, int limit, String context, String subject, String within) {
        int len = NativeBytes.u16(in, start);
        if (len < HEADER || len > limit - start) {
            String where = within == null ? where(context, subject) : where(context, subject) + within;
            if (len < HEADER) {
                throw new MalformedMessageException(where + ": attribute at offset " + start + " has length " + len
                        + ", less than its 4-byte header");
            }
            throw new MalformedMessageException(where + ": truncated attribute at offset " + start + ": length "
                    + len + ", " + (limit - start) + " bytes left");
        }
        return len;
    }

    private static int u32(byte[] in, int at, int size, String attribute, String context, String subject) {
        need(size, 4, attribute, context, subject);
        return NativeBytes.i32(in, at);
    }

    private static void need(int size, int needed, String attribute, String context, String subject) {
        if (size < needed) {
            throw new MalformedMessageException(where(context, subject) + ", " + attribute + ": value of " + size
                    + " bytes, need " + needed);
        }
    }

    /** A string value; one trailing NUL (and anything after it) is dropped. */
    private static String string(byte[] in, int at, int size) {
        int end = 0;
        while (end < size && in[at + end] != 0) {
            end++;
        }
        return new String(in, at, end, StandardCharsets.UTF_8);
    }

    private static OptionalInt positive(int index) {
        return index > 0 ? OptionalInt.of(index) : OptionalInt.empty();
    }
}
