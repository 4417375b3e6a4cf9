package dev.netns.linux.netlink;

import java.nio.ByteBuffer;

/**
 * {@code struct nlmsghdr}, the 16 bytes in front of every netlink message.
 *
 * @param length total length of the message including this header ({@code nlmsg_len}, u32)
 * @param type   message type ({@code nlmsg_type}, u16): {@code NLMSG_*} or a family's, e.g. {@code RTM_NEWLINK}
 * @param flags  {@code NLM_F_*} flags ({@code nlmsg_flags}, u16)
 * @param seq    sequence number chosen by the requester, echoed in replies ({@code nlmsg_seq})
 * @param portId sending port ({@code nlmsg_pid}); in replies, the requesting socket's port id
 */
public record NlMsgHeader(int length, int type, int flags, int seq, int portId) {
    /** {@code sizeof(struct nlmsghdr)}. */
    public static final int SIZE = 16;

    /** Writes the header at the buffer's position (native byte order). */
    public void write(ByteBuffer out) {
        out.putInt(length).putShort((short) type).putShort((short) flags).putInt(seq).putInt(portId);
    }

    /** Writes the header at {@code at} of {@code out} (native byte order). */
    public void write(byte[] out, int at) {
        NativeBytes.put32(out, at, length);
        NativeBytes.put16(out, at + 4, type);
        NativeBytes.put16(out, at + 6, flags);
        NativeBytes.put32(out, at + 8, seq);
        NativeBytes.put32(out, at + 12, portId);
    }

    /** The header at {@code at} of {@code in}, which the caller checked holds 16 bytes from there. */
    static NlMsgHeader read(byte[] in, int at) {
        return new NlMsgHeader(NativeBytes.i32(in, at), NativeBytes.u16(in, at + 4), NativeBytes.u16(in, at + 6),
                NativeBytes.i32(in, at + 8), NativeBytes.i32(in, at + 12));
    }

    /**
     * Reads a header at the buffer's position.
     *
     * @throws MalformedMessageException if fewer than 16 bytes remain
     */
    public static NlMsgHeader read(ByteBuffer in, String context) {
        if (in.remaining() < SIZE) {
            throw new MalformedMessageException(context + ": truncated nlmsghdr, " + in.remaining()
                    + " bytes left, need " + SIZE);
        }
        return new NlMsgHeader(in.getInt(), Short.toUnsignedInt(in.getShort()), Short.toUnsignedInt(in.getShort()),
                in.getInt(), in.getInt());
    }
}
