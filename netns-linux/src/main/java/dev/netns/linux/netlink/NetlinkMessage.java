package dev.netns.linux.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One framed netlink message: its header and the payload after it (the family header, such as
 * {@code ifinfomsg}, followed by attributes). Immutable: the payload is copied in and out, once
 * each way ({@link #split} copies each message out of the datagram once and keeps that copy).
 */
public final class NetlinkMessage {
    private final NlMsgHeader header;
    /** This message's own copy, never handed out. */
    private final byte[] payload;

    /**
     * @param header  the parsed {@code nlmsghdr}
     * @param payload the {@code nlmsg_len - 16} bytes after the header (copied)
     */
    public NetlinkMessage(NlMsgHeader header, byte[] payload) {
        this(header, payload.clone(), null);
    }

    /** Takes {@code owned}, which nobody else holds, without copying it. */
    private NetlinkMessage(NlMsgHeader header, byte[] owned, Void unused) {
        this.header = header;
        this.payload = owned;
    }

    /** The parsed {@code nlmsghdr}. */
    public NlMsgHeader header() {
        return header;
    }

    /** A copy of the {@code nlmsg_len - 16} bytes after the header. */
    public byte[] payload() {
        return payload.clone();
    }

    /** The payload as a read-only little/big-endian (native) buffer positioned at 0. */
    public ByteBuffer payloadBuffer() {
        return ByteBuffer.wrap(payload).asReadOnlyBuffer().order(ByteOrder.nativeOrder());
    }

    /** The length of the payload. */
    public int payloadLength() {
        return payload.length;
    }

    /** The native-order 32-bit value at {@code offset} of the payload (the caller checked the length). */
    int payloadInt(int offset) {
        return NativeBytes.i32(payload, offset);
    }

    /** The {@code nlmsghdr} at {@code offset} of the payload (an ack's copy of its request's; the caller checked the length). */
    NlMsgHeader payloadHeader(int offset) {
        return NlMsgHeader.read(payload, offset);
    }

    /** The message type ({@code nlmsg_type}). */
    public int type() {
        return header.type();
    }

    /** Whether {@code flag} is set in {@code nlmsg_flags}. */
    public boolean hasFlag(int flag) {
        return (header.flags() & flag) != 0;
    }

    /**
     * Splits a datagram into messages. Each message must carry a length of at least 16 that fits
     * the bytes left; the next one starts at the aligned end of the previous.
     *
     * @throws MalformedMessageException naming the message and the bad length
     */
    public static List<NetlinkMessage> split(ByteBuffer datagram) {
        byte[] in;
        int base;
        int limit;
        if (datagram.hasArray()) { // read in place: each message copies its own payload out
            in = datagram.array();
            base = datagram.arrayOffset() + datagram.position();
            limit = base + datagram.remaining();
        } else {
            in = new byte[datagram.remaining()];
            datagram.get(datagram.position(), in);
            base = 0;
            limit = in.length;
        }
        List<NetlinkMessage> out = new ArrayList<>(2);
        int start = base;
        while (limit - start >= NlMsgHeader.SIZE) {
            NlMsgHeader h = NlMsgHeader.read(in, start);
            long len = Integer.toUnsignedLong(h.length());
            if (len < NlMsgHeader.SIZE || len > limit - start) {
                throw new MalformedMessageException("netlink message #" + out.size() + " at offset " + (start - base)
                        + ": nlmsg_len " + len + " outside 16.." + (limit - start));
            }
            out.add(new NetlinkMessage(h, Arrays.copyOfRange(in, start + NlMsgHeader.SIZE, start + (int) len), null));
            start = Math.min(limit, start + Netlink.align((int) len));
        }
        if (start != limit) {
            throw new MalformedMessageException("netlink datagram: " + (limit - start)
                    + " trailing bytes, too few for an nlmsghdr");
        }
        return out;
    }

    @Override
    public String toString() {
        return "NetlinkMessage[header=" + header + ", payload=" + payload.length + " bytes]";
    }
}
