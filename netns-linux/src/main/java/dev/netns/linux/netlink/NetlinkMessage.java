package dev.netns.linux.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One framed netlink message: its header and the payload after it (the family header, such as
 * {@code ifinfomsg}, followed by attributes). Immutable: the payload is copied in and out.
 *
 * @param header  the parsed {@code nlmsghdr}
 * @param payload the {@code nlmsg_len - 16} bytes after the header
 */
public record NetlinkMessage(NlMsgHeader header, byte[] payload) {

    public NetlinkMessage {
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** The payload as a read-only little/big-endian (native) buffer positioned at 0. */
    public ByteBuffer payloadBuffer() {
        return ByteBuffer.wrap(payload).asReadOnlyBuffer().order(ByteOrder.nativeOrder());
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
        ByteBuffer in = datagram.slice().order(ByteOrder.nativeOrder());
        List<NetlinkMessage> out = new ArrayList<>();
        while (in.remaining() >= NlMsgHeader.SIZE) {
            int start = in.position();
            String context = "netlink message #" + out.size() + " at offset " + start;
            NlMsgHeader h = NlMsgHeader.read(in, context);
            long len = Integer.toUnsignedLong(h.length());
            if (len < NlMsgHeader.SIZE || len > in.limit() - start) {
                throw new MalformedMessageException(context + ": nlmsg_len " + len + " outside 16.."
                        + (in.limit() - start));
            }
            byte[] payload = new byte[(int) len - NlMsgHeader.SIZE];
            in.get(payload);
            out.add(new NetlinkMessage(h, payload));
            in.position(Math.min(in.limit(), start + Netlink.align((int) len)));
        }
        if (in.hasRemaining()) {
            throw new MalformedMessageException("netlink datagram: " + in.remaining()
                    + " trailing bytes, too few for an nlmsghdr");
        }
        return out;
    }
}
