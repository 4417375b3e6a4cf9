package dev.netns.linux.netlink;

/**
 * A netlink message or attribute that cannot be parsed: the message says what was being parsed
 * and why ({@code "IFLA_LINKINFO: truncated attribute at offset 8: length 12, 4 bytes left"}).
 * Unchecked inside the engine; the layer that knows the request turns it into a
 * {@link dev.netns.NetnsException}.
 */
public final class MalformedMessageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String message) {
        super(message);
    }
}
