package dev.netns.linux;

import dev.netns.NetnsException;
import dev.netns.NetnsPermissionException;
import dev.netns.spi.NetnsExceptions;
import dev.netns.linux.ffi.Errno;
import dev.netns.linux.ffi.ErrnoException;
import dev.netns.linux.ffi.LibC;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether this SDK can work in this JVM on this machine, decided once: Linux, native access
 * granted to the library, libc linkable, and the capabilities the operations need. The answer is
 * one sentence saying what to do.
 */
final class Availability {
    static final int CAP_NET_ADMIN = 12;
    static final int CAP_SYS_ADMIN = 21;
    private static final String FLAG = "--enable-native-access=ALL-UNNAMED";

    /** The capability names missing from the effective set, or {@code null} when none is (or the probe stopped earlier). */
    private static volatile String missingCapabilities;
    private static final Optional<String> PROBLEM = probe();

    private Availability() {
    }

    /** Empty when the SDK can work here, otherwise why not and what to do. */
    public static Optional<String> problem() {
        return PROBLEM;
    }

    /**
     * Throws when the SDK cannot work here: {@link NetnsPermissionException} (EPERM, naming the
     * missing capabilities) when privileges are what is missing, else {@link IllegalStateException}
     * (not Linux, native access denied, libc unusable). The message is {@link #problem()}'s.
     *
     * @param operation what the caller was about to do, for the exception's message
     */
    public static void require(String operation) throws NetnsException {
        if (PROBLEM.isEmpty()) {
            return;
        }
        String missing = missingCapabilities;
        if (missing != null) {
            throw NetnsExceptions.permission(operation, "", Errno.EPERM, Errno.name(Errno.EPERM), PROBLEM.get(),
                    null, missing);
        }
        throw new IllegalStateException(PROBLEM.get());
    }

    private static Optional<String> probe() {
        String os = System.getProperty("os.name", "");
        if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return Optional.of("netns needs Linux network namespaces; this JVM runs on " + os + ".");
        }
        Module module = Availability.class.getModule();
        try {
            LibC.linkEssentials();
        } catch (IllegalCallerException | LinkageError e) {
            Throwable cause = e instanceof ExceptionInInitializerError && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof IllegalCallerException) {
                return Optional.of("native access is not enabled for netns: start the JVM with " + flagFor(module)
                        + " (" + cause.getMessage() + ").");
            }
            return Optional.of("netns cannot link the C library functions it needs: " + cause);
        }
        long caps = effectiveCapabilities();
        boolean sys = (caps & (1L << CAP_SYS_ADMIN)) != 0;
        boolean net = (caps & (1L << CAP_NET_ADMIN)) != 0;
        if (!sys || !net) {
            String missing = !sys && !net ? "CAP_SYS_ADMIN and CAP_NET_ADMIN" : !sys ? "CAP_SYS_ADMIN" : "CAP_NET_ADMIN";
            missingCapabilities = missing;
            return Optional.of("netns needs " + missing + " (namespaces and mounts need CAP_SYS_ADMIN, links and "
                    + "addresses CAP_NET_ADMIN): run as root, or grant them, e.g. setcap cap_sys_admin,cap_net_admin+ep on the java binary.");
        }
        return Optional.empty();
    }

    /** The flag that grants native access to this library as it is loaded (class path or module path). */
    public static String flagFor(Module module) {
        return module.isNamed() ? "--enable-native-access=" + module.getName() : FLAG;
    }

    /**
     * This process's effective capabilities ({@code CapEff} of /proc/self/status), by one
     * {@code capget} rather than reading that file: no file channel and decoder classes for a fresh
     * JVM to load before its first namespace. 0 if the kernel refuses.
     */
    static long effectiveCapabilities() {
        try {
            return LibC.effectiveCapabilities();
        } catch (ErrnoException e) {
            return 0;
        }
    }
}
