package dev.netns.cni.runtime;

import java.io.IOException;

/**
 * A CNI operation failed: a plugin reported an error ({@link CniPluginException}), hung
 * ({@link CniTimeoutException}), crashed or answered something that is not CNI, or a configuration
 * could not be read. The message names the network, the plugin and the command.
 */
public class CniException extends IOException {
    private static final long serialVersionUID = 1L;

    public CniException(String message) {
        super(message);
    }

    public CniException(String message, Throwable cause) {
        super(message, cause);
    }
}
