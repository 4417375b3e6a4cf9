package dev.netns.linux.netlink;

import java.util.Objects;

/**
 * A request before it is framed: the message type, the flags the operation needs (the engine adds
 * {@code NLM_F_REQUEST}, and {@code NLM_F_ACK} for everything but dumps), the body (family header
 * plus attributes) and, for error messages, what it does to what.
 *
 * @param type      the message type, e.g. {@code RTM_NEWLINK}
 * @param flags     operation flags, e.g. {@code NLM_F_CREATE | NLM_F_EXCL} or {@code NLM_F_DUMP}
 * @param body      the bytes after the {@code nlmsghdr}, a multiple of 4 long
 * @param operation the name used in errors and logs, e.g. {@code "RTM_NEWLINK"}
 * @param object    what it acts on, e.g. an interface name; may be empty
 */
public record NetlinkRequest(int type, int flags, byte[] body, String operation, String object) {

    public NetlinkRequest {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(object, "object");
        body = body.clone();
        if ((body.length & 3) != 0) {
            throw new IllegalArgumentException(operation + ": body of " + body.length + " bytes is not 4-byte aligned");
        }
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** Whether this is a dump ({@code NLM_F_DUMP}), answered by a multipart reply ending in {@code NLMSG_DONE}. */
    public boolean isDump() {
        return (flags & Netlink.NLM_F_DUMP) == Netlink.NLM_F_DUMP;
    }

    /** The framed length: header plus body. */
    public int framedLength() {
        return NlMsgHeader.SIZE + body.length;
    }

    /** The header this request is sent with under {@code seq}. */
    public NlMsgHeader header(int seq) {
        int f = flags | Netlink.NLM_F_REQUEST | (isDump() ? 0 : Netlink.NLM_F_ACK);
        return new NlMsgHeader(framedLength(), type, f, seq, 0);
    }

    /** Writes the request framed under {@code seq} (header, then body) at {@code at} of {@code out}. */
    void writeTo(byte[] out, int at, int seq) {
        header(seq).write(out, at);
        System.arraycopy(body, 0, out, at + NlMsgHeader.SIZE, body.length);
    }

    /** {@code "RTM_NEWLINK veth0"}, or the operation alone. */
    public String describe() {
        return object.isEmpty() ? operation : operation + " " + object;
    }
}
