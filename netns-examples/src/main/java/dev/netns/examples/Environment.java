package dev.netns.examples;

import dev.netns.NetworkNamespaces;

import java.util.Optional;

/**
 * Whether the CLI can work here, as one sentence saying what to do: JDK 25 or newer, native
 * access granted, Linux, and the capabilities (the last two answered by the SDK's
 * {@link NetworkNamespaces#unavailableReason()}).
 */
final class Environment {
    static final int REQUIRED_FEATURE = 25;
    static final String NATIVE_FLAG = "--enable-native-access=ALL-UNNAMED";

    private Environment() {
    }

    /** Empty when everything is in place. */
    static Optional<String> problem() {
        return problem(Runtime.version().feature(), Environment.class.getModule().isNativeAccessEnabled());
    }

    /**
     * The checks, in the order a user would fix them. The JDK check can only fire if these classes
     * were compiled for an older release: a JDK older than 25 refuses to load them at all
     * ({@code UnsupportedClassVersionError} before {@code main}), which is why the README's command
     * picks the JDK itself through Maven toolchains.
     */
    static Optional<String> problem(int jdkFeature, boolean nativeAccess) {
        if (jdkFeature < REQUIRED_FEATURE) {
            return Optional.of("netns needs JDK " + REQUIRED_FEATURE + " or newer and this is JDK " + jdkFeature
                    + ": run it with the README's mvn command, which selects a JDK 25 through Maven toolchains, or put JDK 25 first on the PATH.");
        }
        if (!nativeAccess) {
            // checked before the SDK is touched, so the JVM's own warning about native access is not printed first
            return Optional.of("netns calls the C library through the FFM API: start java with " + NATIVE_FLAG
                    + " (the README's mvn command does).");
        }
        return NetworkNamespaces.unavailableReason();
    }
}
