package dev.netns.linux.rtnl;

import dev.netns.linux.netlink.MalformedMessageException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * {@code struct ndmsg} of {@code <linux/neighbour.h>}, the 12-byte header of neighbour and
 * forwarding-database messages.
 *
 * @param family    {@code ndm_family} (u8): {@code AF_INET}/{@code AF_INET6} for IP neighbours,
 *                  {@code AF_BRIDGE} for forwarding entries, {@code AF_UNSPEC} in a dump of every IP table
 * @param linkIndex {@code ndm_ifindex} (s32), after a u8 and a u16 of padding
 * @param state     {@code ndm_state} (u16): {@code NUD_*} bits
 * @param flags     {@code ndm_flags} (u8): {@code NTF_*} bits
 * @param type      {@code ndm_type} (u8): an {@code RTN_*} route type, 0 in requests
 */
record NdMsg(int family, int linkIndex, int state, int flags, int type) {
    public static final int SIZE = 12;

    public byte[] toBytes() {
        return ByteBuffer.allocate(SIZE).order(ByteOrder.nativeOrder())
                .put((byte) family).put((byte) 0).putShort((short) 0).putInt(linkIndex)
                .putShort((short) state).put((byte) flags).put((byte) type).array();
    }

    public static NdMsg read(ByteBuffer in, String context) {
        if (in.remaining() < SIZE) {
            throw new MalformedMessageException(context + ": truncated ndmsg, " + in.remaining() + " bytes, need " + SIZE);
        }
        int family = Byte.toUnsignedInt(in.get());
        in.get();
        in.getShort();
        int index = in.getInt();
        int state = Short.toUnsignedInt(in.getShort());
        int flags = Byte.toUnsignedInt(in.get());
        int type = Byte.toUnsignedInt(in.get());
        return new NdMsg(family, index, state, flags, type);
    }
}
