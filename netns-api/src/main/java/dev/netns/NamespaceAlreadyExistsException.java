package dev.netns;

/** A named namespace could not be created because the name is taken (EEXIST). */
public class NamespaceAlreadyExistsException extends NetnsException {
    private static final long serialVersionUID = 1L;

    /** Made by the provider through {@link dev.netns.spi.NetnsExceptions}. */
    NamespaceAlreadyExistsException(String operation, String object, int errno, String errnoName,
              String description, String kernelMessage) {
        super(operation, object, errno, errnoName, description, kernelMessage);
    }
}
