package dev.netns;

/**
 * The kernel refused for lack of privilege (EPERM or EACCES). The message names the capability
 * the operation needs, e.g. {@code CAP_SYS_ADMIN} for namespaces and mounts, {@code CAP_NET_ADMIN}
 * for links, addresses and routes.
 */
public class NetnsPermissionException extends NetnsException {
    private static final long serialVersionUID = 1L;

    private final String capability;

    /**
     * @param capability the capability the operation needs, e.g. {@code "CAP_SYS_ADMIN"}
     */
    NetnsPermissionException(String operation, String object, int errno, String errnoName,
                                    String description, String kernelMessage, String capability) {
        super(operation, object, errno, errnoName,
                description + " — needs " + capability + " (run as root or grant it)", kernelMessage);
        this.capability = capability;
    }

    /** The capability the refused operation needs, e.g. {@code "CAP_NET_ADMIN"}. */
    public String capability() {
        return capability;
    }
}
