package dev.netns.spi;

import dev.netns.NamespaceAlreadyExistsException;
import dev.netns.NetnsException;
import dev.netns.NetnsPermissionException;
import dev.netns.NoSuchLinkException;
import dev.netns.NoSuchNamespaceException;

/**
 * How a provider makes the API's exceptions with everything the kernel said (errno, its name, the
 * extended-ack message). Applications never build these: they catch them. The arguments are those
 * of the message {@code OPERATION OBJECT: DESCRIPTION (ERRNONAME); kernel: KERNELMESSAGE}.
 */
public final class NetnsExceptions {
    private NetnsExceptions() {
    }

    /**
     * A failure with an errno.
     *
     * @param operation     what was attempted, e.g. {@code "setns"} or {@code "RTM_NEWLINK"}
     * @param object        what it acted on, e.g. a namespace or interface name
     * @param errno         the errno value, 0 when none applies
     * @param errnoName     symbolic errno name ({@code "EEXIST"}), empty when {@code errno == 0}
     * @param description   human text for the errno or the failure
     * @param kernelMessage the kernel's extended-ack message, or {@code null}
     */
    public static NetnsException of(String operation, String object, int errno, String errnoName,
                                    String description, String kernelMessage) {
        return ApiAccess.get().exception(operation, object, errno, errnoName, description, kernelMessage, null);
    }

    /** {@link #of(String, String, int, String, String, String)} with the underlying cause. */
    public static NetnsException of(String operation, String object, int errno, String errnoName,
                                    String description, String kernelMessage, Throwable cause) {
        return ApiAccess.get().exception(operation, object, errno, errnoName, description, kernelMessage, cause);
    }

    /** Refused for lack of {@code capability}, e.g. {@code "CAP_SYS_ADMIN"}. */
    public static NetnsPermissionException permission(String operation, String object, int errno, String errnoName,
                                                      String description, String kernelMessage, String capability) {
        return ApiAccess.get().permission(operation, object, errno, errnoName, description, kernelMessage, capability);
    }

    /** A named namespace already exists (EEXIST). */
    public static NamespaceAlreadyExistsException alreadyExists(String operation, String object, int errno,
                                                                String errnoName, String description, String kernelMessage) {
        return ApiAccess.get().alreadyExists(operation, object, errno, errnoName, description, kernelMessage);
    }

    /** A namespace does not exist (ENOENT). */
    public static NoSuchNamespaceException noSuchNamespace(String operation, String object, int errno,
                                                           String errnoName, String description, String kernelMessage) {
        return ApiAccess.get().noSuchNamespace(operation, object, errno, errnoName, description, kernelMessage);
    }

    /** An interface does not exist (ENODEV). */
    public static NoSuchLinkException noSuchLink(String operation, String object, int errno, String errnoName,
                                                 String description, String kernelMessage) {
        return ApiAccess.get().noSuchLink(operation, object, errno, errnoName, description, kernelMessage);
    }
}
