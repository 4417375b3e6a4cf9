package dev.netns;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * A failure of the environment: a system call or a netlink request was refused.
 *
 * <p>The message names the operation, the object it acted on, the errno and the kernel's own
 * explanation when netlink sent one (extended ack), e.g.
 * {@code RTM_NEWLINK veth0: File exists (EEXIST); kernel: ...}. Callers that need to branch
 * catch a subclass ({@link NamespaceAlreadyExistsException}, {@link NoSuchNamespaceException},
 * {@link NoSuchLinkException}, {@link NetnsPermissionException}) or test {@link #errnoName()}.
 */
public class NetnsException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final String object;
    private final int errno;
    private final String errnoName;
    private final String kernelMessage;

    /**
     * Not public: providers make these through {@link dev.netns.spi.NetnsExceptions}.
     *
     * @param operation     what was attempted, e.g. {@code "setns"} or {@code "RTM_NEWLINK"}
     * @param object        what it acted on, e.g. a namespace or interface name
     * @param errno         the errno value, 0 when none applies
     * @param errnoName     symbolic errno name ({@code "EEXIST"}), empty when {@code errno == 0}
     * @param description   human text for the errno or the failure
     * @param kernelMessage the kernel's extended-ack message, or {@code null}
     */
    NetnsException(String operation, String object, int errno, String errnoName,
                   String description, String kernelMessage) {
        this(operation, object, errno, errnoName, description, kernelMessage, null);
    }

    /** As the six-argument constructor, with a cause (left unset when null, so a provider may set it later). */
    @SuppressWarnings("this-escape") // initCause is Throwable's own, not overridden by any subclass here
    NetnsException(String operation, String object, int errno, String errnoName,
                   String description, String kernelMessage, Throwable cause) {
        super(format(operation, object, errno, errnoName, description, kernelMessage));
        if (cause != null) {
            initCause(cause);
        }
        this.operation = Objects.requireNonNull(operation, "operation");
        this.object = object == null ? "" : object;
        this.errno = errno;
        this.errnoName = errnoName == null ? "" : errnoName;
        this.kernelMessage = kernelMessage == null || kernelMessage.isEmpty() ? null : kernelMessage;
    }

    /**
     * A failure without an errno (a malformed reply, a file of the wrong kind, ...). Public: code
     * wrapping the API (a decorator, a test double) may fail with the SDK's own type.
     */
    public NetnsException(String operation, String object, String description) {
        this(operation, object, 0, "", description, null, null);
    }

    /** A failure without an errno, with its cause. */
    public NetnsException(String operation, String object, String description, Throwable cause) {
        this(operation, object, 0, "", description, null, cause);
    }

    private static String format(String operation, String object, int errno, String errnoName,
                                 String description, String kernelMessage) {
        StringBuilder sb = new StringBuilder(operation);
        if (object != null && !object.isEmpty()) {
            sb.append(' ').append(object);
        }
        sb.append(": ").append(description);
        if (errno != 0) {
            sb.append(" (").append(errnoName == null || errnoName.isEmpty() ? "errno " + errno : errnoName).append(')');
        }
        if (kernelMessage != null && !kernelMessage.isEmpty()) {
            sb.append("; kernel: ").append(kernelMessage);
        }
        return sb.toString();
    }

    /** The errno the kernel returned, or 0 when the failure carries none. */
    public int errno() {
        return errno;
    }

    /** The symbolic errno name ({@code "EEXIST"}), or an empty string when {@link #errno()} is 0. */
    public String errnoName() {
        return errnoName;
    }

    /** The operation that failed: a system call ({@code "setns"}) or a netlink request type ({@code "RTM_NEWLINK"}). */
    public String operation() {
        return operation;
    }

    /** The object the operation acted on (a namespace, a path, an interface), or an empty string. */
    public String object() {
        return object;
    }

    /** The kernel's own explanation from a netlink extended ack, when it sent one. */
    public Optional<String> kernelMessage() {
        return Optional.ofNullable(kernelMessage);
    }
}
