package dev.netns.linux.netlink;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The kernel's answer to a request: an {@code NLMSG_ERROR} ({@code struct nlmsgerr}: a negative
 * errno or 0, the request's header, the request's payload unless {@code NLM_F_CAPPED}, then the
 * extended-ack attributes if {@code NLM_F_ACK_TLVS}) or the {@code NLMSG_DONE} closing a dump
 * (an int error, then extended-ack attributes if {@code NLM_F_ACK_TLVS}).
 *
 * @param errno       the positive errno, 0 for success
 * @param request     the header of the request answered ({@code NLMSG_ERROR} only)
 * @param message     {@code NLMSGERR_ATTR_MSG}: the kernel's explanation (on success: a warning)
 * @param offset      {@code NLMSGERR_ATTR_OFFS}: byte offset, in the request, of the attribute at fault
 * @param missingType {@code NLMSGERR_ATTR_MISS_TYPE}: a required attribute that was missing
 */
public record Ack(int errno, Optional<NlMsgHeader> request, Optional<String> message, OptionalInt offset,
                  OptionalInt missingType) {

    /** Whether the request succeeded. */
    public boolean isSuccess() {
        return errno == 0;
    }

    /**
     * Parses an {@code NLMSG_ERROR} or {@code NLMSG_DONE} message. The fixed part is read from the
     * message in place; a buffer is made only for extended-ack attributes (refusals and warnings).
     */
    public static Ack parse(NetlinkMessage m) {
        boolean done = m.type() == Netlink.NLMSG_DONE;
        int length = m.payloadLength();
        if (done && length == 0) {
            return new Ack(0, Optional.empty(), Optional.empty(), OptionalInt.empty(), OptionalInt.empty());
        }
        if (length < 4) {
            throw new MalformedMessageException(context(done) + ": payload of " + length + " bytes, need 4 for the error");
        }
        int code = m.payloadInt(0);
        if (code > 0 || code < -4095) {
            throw new MalformedMessageException(context(done) + ": error " + code + " is not a negated errno");
        }
        int at = 4;
        Optional<NlMsgHeader> request = Optional.empty();
        if (m.type() == Netlink.NLMSG_ERROR) {
            if (length - at < NlMsgHeader.SIZE) {
                throw new MalformedMessageException(context(done) + " (request header): truncated nlmsghdr, "
                        + (length - at) + " bytes left, need " + NlMsgHeader.SIZE);
            }
            NlMsgHeader orig = m.payloadHeader(at);
            request = Optional.of(orig);
            at += NlMsgHeader.SIZE;
            if (!m.hasFlag(Netlink.NLM_F_CAPPED)) {
                int echoed = Netlink.align(Math.max(0, orig.length() - NlMsgHeader.SIZE));
                if (echoed > length - at) {
                    throw new MalformedMessageException(context(done) + ": request echo of " + echoed + " bytes, "
                            + (length - at) + " left");
                }
                at += echoed;
            }
        }
        Optional<String> message = Optional.empty();
        OptionalInt offset = OptionalInt.empty();
        OptionalInt missing = OptionalInt.empty();
        if (m.hasFlag(Netlink.NLM_F_ACK_TLVS)) {
            ByteBuffer in = m.payloadBuffer().position(at);
            List<Attribute> tlvs = Attribute.parseAll(in, context(done) + " extended ack");
            for (Attribute a : tlvs) {
                switch (a.type()) {
                    case Netlink.NLMSGERR_ATTR_MSG -> message = Optional.of(a.string("NLMSGERR_ATTR_MSG")).filter(s -> !s.isEmpty());
                    case Netlink.NLMSGERR_ATTR_OFFS -> offset = OptionalInt.of(a.u32("NLMSGERR_ATTR_OFFS"));
                    case Netlink.NLMSGERR_ATTR_MISS_TYPE -> missing = OptionalInt.of(a.u32("NLMSGERR_ATTR_MISS_TYPE"));
                    default -> { } // cookie, policy: not used
                }
            }
        }
        return new Ack(-code, request, message, offset, missing);
    }

    private static String context(boolean done) {
        return done ? "NLMSG_DONE" : "NLMSG_ERROR";
    }
}
