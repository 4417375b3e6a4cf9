package dev.netns;

/** A named namespace, namespace file or process does not exist (ENOENT, ESRCH). */
public class NoSuchNamespaceException extends NetnsException {
    private static final long serialVersionUID = 1L;

    /** See {@link NetnsException#NetnsException(String, String, int, String, String, String)}. */
    public NoSuchNamespaceException(String operation, String object, int errno, String errnoName,
              String description, String kernelMessage) {
        super(operation, object, errno, errnoName, description, kernelMessage);
    }
}
