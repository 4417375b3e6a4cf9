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

    /** Parses an {@code NLMSG_ERROR} or {@code NLMSG_DONE} message. */
    public static Ack parse(NetlinkMessage m) {
        String context = m.type() == Netlink.NLMSG_DONE ? "NLMSG_DONE" : "NLMSG_ERROR";
        ByteBuffer in = m.payloadBuffer();
        if (m.type() == Netlink.NLMSG_DONE && in.remaining() == 0) {
            return new Ack(0, Optional.empty(), Optional.empty(), OptionalInt.empty(), OptionalInt.empty());
        }
        if (in.remaining() < 4) {
            throw new MalformedMessageException(context + ": payload of " + in.remaining() + " bytes, need 4 for the error");
        }
        int error = in.getInt();
        if (error > 0 || error < -4095) {
            throw new MalformedMessageException(context + ": error " + error + " is not a negated errno");
        }
        Optional<NlMsgHeader> request = Optional.empty();
        if (m.type() == Netlink.NLMSG_ERROR) {
            NlMsgHeader orig = NlMsgHeader.read(in, context + " (request header)");
            request = Optional.of(orig);
            if (!m.hasFlag(Netlink.NLM_F_CAPPED)) {
                int echoed = Netlink.align(Math.max(0, orig.length() - NlMsgHeader.SIZE));
                if (echoed > in.remaining()) {
                    throw new MalformedMessageException(context + ": request echo of " + echoed + " bytes, "
                            + in.remaining() + " left");
                }
                in.position(in.position() + echoed);
            }
        }
        Optional<String> message = Optional.empty();
        OptionalInt offset = OptionalInt.empty();
        OptionalInt missing = OptionalInt.empty();
        if (m.hasFlag(Netlink.NLM_F_ACK_TLVS)) {
            List<Attribute> tlvs = Attribute.parseAll(in, context + " extended ack");
            for (Attribute a : tlvs) {
                switch (a.type()) {
                    case Netlink.NLMSGERR_ATTR_MSG -> message = Optional.of(a.string("NLMSGERR_ATTR_MSG")).filter(s -> !s.isEmpty());
                    case Netlink.NLMSGERR_ATTR_OFFS -> offset = OptionalInt.of(a.u32("NLMSGERR_ATTR_OFFS"));
                    case Netlink.NLMSGERR_ATTR_MISS_TYPE -> missing = OptionalInt.of(a.u32("NLMSGERR_ATTR_MISS_TYPE"));
                    default -> { } // cookie, policy: not used
                }
            }
        }
        return new Ack(-error, request, message, offset, missing);
    }
}
