package dev.netns.cni.plugin;

import dev.netns.cni.spec.CniError;

/** A failure the plugin answers with the spec's error object (a code and a message, no stack trace). */
final class PluginFailure extends Exception {
    private static final long serialVersionUID = 1L;

    /** netns-bridge's own code (100+ are plugin-specific): the kernel or the state directory refused. */
    static final int OPERATION_FAILED = 100;
    /** netns-bridge's own code: CHECK found the attachment different from its prevResult. */
    static final int CHECK_FAILED = 101;

    private final int code;
    private final String details;

    PluginFailure(int code, String msg) {
        this(code, msg, "");
    }

    PluginFailure(int code, String msg, String details) {
        super(msg);
        this.code = code;
        this.details = details;
    }

    int code() {
        return code;
    }

    CniError toError(String cniVersion) {
        return new CniError(cniVersion, code, getMessage(), details);
    }
}
