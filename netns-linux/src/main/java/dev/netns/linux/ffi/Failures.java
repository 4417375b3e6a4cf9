package dev.netns.linux.ffi;

import dev.netns.NetnsException;
import dev.netns.spi.NetnsExceptions;

/**
 * Translates an errno into the public exception, at the point where the object's name is known
 * (the JDK's {@code UnixException.translateToIOException} in spirit). One place decides which errno
 * becomes which subclass and which capability a refusal names.
 */
public final class Failures {
    /** What the object of a failed operation is; it decides how ENOENT/ENODEV/EEXIST read. */
    public enum Subject {
        /** A named namespace, namespace file or process. */
        NAMESPACE("CAP_SYS_ADMIN"),
        /** A network interface, address or route. */
        LINK("CAP_NET_ADMIN"),
        /** Anything else (a directory, a socket). */
        OTHER("CAP_SYS_ADMIN");

        private final String capability;

        Subject(String capability) {
            this.capability = capability;
        }
    }

    private Failures() {
    }

    /** The public exception for a failed libc call on {@code object}. */
    public static NetnsException of(ErrnoException e, Subject subject, String object) {
        NetnsException x = of(e.function(), object, e.errno(), null, subject);
        x.initCause(e);
        return x;
    }

    /**
     * The public exception for an errno returned by {@code operation} (a libc function or a netlink
     * request type) on {@code object}, with the kernel's extended-ack message if any.
     */
    public static NetnsException of(String operation, String object, int errno, String kernelMessage, Subject subject) {
        String name = Errno.name(errno);
        String text = Errno.description(errno);
        return switch (errno) {
            case Errno.EPERM, Errno.EACCES ->
                    NetnsExceptions.permission(operation, object, errno, name, text, kernelMessage, subject.capability);
            case Errno.EEXIST -> subject == Subject.NAMESPACE
                    ? NetnsExceptions.alreadyExists(operation, object, errno, name, text, kernelMessage)
                    : NetnsExceptions.of(operation, object, errno, name, text, kernelMessage);
            case Errno.ENOENT, Errno.ESRCH -> subject == Subject.NAMESPACE
                    ? NetnsExceptions.noSuchNamespace(operation, object, errno, name, text, kernelMessage)
                    : NetnsExceptions.of(operation, object, errno, name, text, kernelMessage);
            case Errno.ENODEV -> subject == Subject.LINK
                    ? NetnsExceptions.noSuchLink(operation, object, errno, name, text, kernelMessage)
                    : NetnsExceptions.of(operation, object, errno, name, text, kernelMessage);
            default -> NetnsExceptions.of(operation, object, errno, name, text, kernelMessage);
        };
    }
}
