package dev.netns;

/** A network interface does not exist in the namespace that was asked (ENODEV). */
public class NoSuchLinkException extends NetnsException {
    private static final long serialVersionUID = 1L;

    /** Made by the provider through {@link dev.netns.spi.NetnsExceptions}. */
    NoSuchLinkException(String operation, String object, int errno, String errnoName,
              String description, String kernelMessage) {
        super(operation, object, errno, errnoName, description, kernelMessage);
    }
}
