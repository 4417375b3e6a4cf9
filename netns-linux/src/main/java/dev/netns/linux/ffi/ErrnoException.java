package dev.netns.linux.ffi;

/**
 * A failed libc call: the function and its errno. Internal, like the JDK's {@code UnixException}:
 * the layer that knows which namespace or path was involved translates it into a public
 * {@link dev.netns.NetnsException} (see {@code dev.netns.linux.ffi.Failures}).
 */
public final class ErrnoException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String function;
    private final int errno;

    public ErrnoException(String function, int errno) {
        super(function + ": " + Errno.description(errno) + " (" + Errno.name(errno) + ")", null, false, false);
        this.function = function;
        this.errno = errno;
    }

    /** The C function that failed, e.g. {@code "setns"}. */
    public String function() {
        return function;
    }

    public int errno() {
        return errno;
    }

    public String errnoName() {
        return Errno.name(errno);
    }
}
