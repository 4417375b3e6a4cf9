package dev.netns.cni.spec;

/** The spec's well-known error codes (0–99 reserved; 100 and up are plugin-specific). */
public final class ErrorCodes {
    /** The plugin does not speak the configuration's {@code cniVersion}. */
    public static final int INCOMPATIBLE_VERSION = 1;
    /** A configuration field the plugin does not support. */
    public static final int UNSUPPORTED_FIELD = 2;
    /** The container is unknown or does not exist. */
    public static final int UNKNOWN_CONTAINER = 3;
    /** A required environment variable is missing or invalid ({@code CNI_COMMAND}, ...). */
    public static final int INVALID_ENVIRONMENT = 4;
    /** An I/O failure (reading stdin, a state file, the kernel). */
    public static final int IO_FAILURE = 5;
    /** The configuration or prevResult could not be decoded (bad JSON, wrong types). */
    public static final int DECODE_FAILURE = 6;
    /** The configuration is well-formed but invalid (bad subnet, bridge name ...). */
    public static final int INVALID_CONFIG = 7;
    /** A transient failure: the runtime should retry later. */
    public static final int TRY_AGAIN_LATER = 11;
    /** STATUS: the plugin cannot serve ADD now. */
    public static final int NOT_AVAILABLE = 50;
    /** STATUS: not available, and existing containers may have limited connectivity. */
    public static final int LIMITED_CONNECTIVITY = 51;

    private ErrorCodes() {
    }
}
