package dev.netns.linux.ffi;

/**
 * A descriptor number that stays valid until {@link #close()}: its owner counts the hold and does
 * not close the descriptor while any hold is open, so the number cannot be reused for another
 * file in between (the JDK's {@code FileDescriptor} close protocol). Whoever passes a descriptor
 * number to the kernel — {@code setns}, a netlink attribute such as {@code IFLA_NET_NS_FD} —
 * holds it until the kernel has used it.
 */
public interface FdHold extends AutoCloseable {
    /** The descriptor; valid until {@link #close()}. */
    int fd();

    /** Releases the hold. Close each hold exactly once. */
    @Override
    void close();
}
