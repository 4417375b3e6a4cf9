package dev.netns;

/** A named namespace, namespace file or process does not exist (ENOENT, ESRCH). */
public class NoSuchNamespaceException extends NetnsException {
    private static final long serialVersionUID = 1L;

    /** Made by the provider through {@link dev.netns.spi.NetnsExceptions}. */
    NoSuchNamespaceException(String operation, String object, int errno, String errnoName,
              String description, String kernelMessage) {
        super(operation, object, errno, errnoName, description, kernelMessage);
    }
}
