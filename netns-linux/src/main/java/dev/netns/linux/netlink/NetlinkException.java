package dev.netns.linux.netlink;

import dev.netns.linux.ffi.Errno;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A request the kernel refused, or one whose reply could not be read: the request's operation and
 * object, the errno (0 for a malformed reply or a timeout) and the kernel's extended-ack message.
 * Internal, like {@link dev.netns.linux.ffi.ErrnoException}; {@code rtnl} translates it into a
 * {@link dev.netns.NetnsException} subclass.
 */
public final class NetlinkException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final String object;
    private final int errno;
    private final String kernelMessage;
    private final int offset;
    private final String description;

    public NetlinkException(String operation, String object, int errno, Optional<String> kernelMessage,
                            OptionalInt offset, String description, Throwable cause) {
        super(describe(operation, object, errno, kernelMessage, offset, description), cause);
        this.operation = operation;
        this.object = object;
        this.errno = errno;
        this.kernelMessage = kernelMessage.orElse(null);
        this.offset = offset.orElse(-1);
        this.description = description;
    }

    /** A refusal carried by an ack. */
    public static NetlinkException refused(NetlinkRequest request, Ack ack) {
        return new NetlinkException(request.operation(), request.object(), ack.errno(), ack.message(), ack.offset(),
                Errno.description(ack.errno()), null);
    }

    /** A failure without an errno (bad reply, timeout, closed socket). */
    public static NetlinkException failed(NetlinkRequest request, String description, Throwable cause) {
        return new NetlinkException(request.operation(), request.object(), 0, Optional.empty(), OptionalInt.empty(),
                description, cause);
    }

    /** A failure with an errno from a socket call. */
    public static NetlinkException failed(NetlinkRequest request, int errno, String description, Throwable cause) {
        return new NetlinkException(request.operation(), request.object(), errno, Optional.empty(), OptionalInt.empty(),
                description, cause);
    }

    private static String describe(String operation, String object, int errno, Optional<String> kernelMessage,
                                   OptionalInt offset, String description) {
        StringBuilder sb = new StringBuilder(operation);
        if (!object.isEmpty()) {
            sb.append(' ').append(object);
        }
        sb.append(": ").append(description);
        if (errno != 0) {
            sb.append(" (").append(Errno.name(errno)).append(')');
        }
        if (kernelMessage.isPresent()) {
            sb.append("; kernel: ").append(kernelMessage.get());
        }
        if (offset.isPresent()) {
            sb.append(" (attribute at request offset ").append(offset.getAsInt()).append(')');
        }
        return sb.toString();
    }

    public String operation() {
        return operation;
    }

    public String object() {
        return object;
    }

    /** What went wrong, without operation, object or kernel message: {@code "File exists"}. */
    public String description() {
        return description;
    }

    /** The errno, 0 when the failure carries none. */
    public int errno() {
        return errno;
    }

    public Optional<String> kernelMessage() {
        return Optional.ofNullable(kernelMessage);
    }

    /** {@code NLMSGERR_ATTR_OFFS}, when the kernel pointed at an attribute. */
    public OptionalInt offset() {
        return offset < 0 ? OptionalInt.empty() : OptionalInt.of(offset);
    }
}
