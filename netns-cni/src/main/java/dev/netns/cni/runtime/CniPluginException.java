package dev.netns.cni.runtime;

import dev.netns.cni.spec.CniError;

/**
 * A plugin answered with the spec's error object: its {@link #code() code} (see
 * {@link dev.netns.cni.spec.ErrorCodes}), {@link #msg() msg} and {@link #details() details}.
 */
public final class CniPluginException extends CniException {
    private static final long serialVersionUID = 1L;
    private final transient CniError error;
    private final String plugin;

    CniPluginException(String context, String plugin, CniError error) {
        super(context + ": plugin " + plugin + " failed with code " + error.code() + ": " + error.msg()
                + (error.details().isEmpty() ? "" : " (" + error.details() + ")"));
        this.error = error;
        this.plugin = plugin;
    }

    /** The error object as the plugin printed it. */
    public CniError error() {
        return error;
    }

    public int code() {
        return error.code();
    }

    public String msg() {
        return error.msg();
    }

    public String details() {
        return error.details();
    }

    /** The plugin's type (executable name). */
    public String plugin() {
        return plugin;
    }
}
