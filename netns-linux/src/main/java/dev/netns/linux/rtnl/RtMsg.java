package dev.netns.linux.rtnl;

import dev.netns.linux.netlink.MalformedMessageException;
import dev.netns.linux.netlink.NativeBytes;

import java.nio.ByteBuffer;

/**
 * {@code struct rtmsg}, the 12-byte header of route messages.
 *
 * @param family    {@code rtm_family} (u8)
 * @param dstLength {@code rtm_dst_len} (u8): the destination prefix length
 * @param srcLength {@code rtm_src_len} (u8)
 * @param tos       {@code rtm_tos} (u8)
 * @param table     {@code rtm_table} (u8): {@code RT_TABLE_MAIN} 254 ({@code RTA_TABLE} carries ids above 255)
 * @param protocol  {@code rtm_protocol} (u8): {@code RTPROT_*}
 * @param scope     {@code rtm_scope} (u8): {@code RT_SCOPE_*}
 * @param type      {@code rtm_type} (u8): {@code RTN_*}
 * @param flags     {@code rtm_flags} (u32): {@code RTM_F_*}
 */
public record RtMsg(int family, int dstLength, int srcLength, int tos, int table, int protocol, int scope,
                    int type, int flags) {
    public static final int SIZE = 12;
    public static final int RT_TABLE_MAIN = 254;
    public static final int RTPROT_BOOT = 3;
    public static final int RTPROT_STATIC = 4;
    public static final int RT_SCOPE_UNIVERSE = 0;
    public static final int RT_SCOPE_LINK = 253;
    public static final int RTN_UNICAST = 1;
    /** {@code RTNH_F_ONLINK} of {@code <linux/rtnetlink.h>}, in {@code rtm_flags}: the gateway is on the link. */
    public static final int RTNH_F_ONLINK = 4;

    public byte[] toBytes() {
        byte[] out = new byte[SIZE];
        out[0] = (byte) family;
        out[1] = (byte) dstLength;
        out[2] = (byte) srcLength;
        out[3] = (byte) tos;
        out[4] = (byte) table;
        out[5] = (byte) protocol;
        out[6] = (byte) scope;
        out[7] = (byte) type;
        NativeBytes.put32(out, 8, flags);
        return out;
    }

    public static RtMsg read(ByteBuffer in, String context) {
        if (in.remaining() < SIZE) {
            throw new MalformedMessageException(context + ": truncated rtmsg, " + in.remaining() + " bytes, need " + SIZE);
        }
        return new RtMsg(u8(in), u8(in), u8(in), u8(in), u8(in), u8(in), u8(in), u8(in), in.getInt());
    }

    private static int u8(ByteBuffer in) {
        return Byte.toUnsignedInt(in.get());
    }
}
