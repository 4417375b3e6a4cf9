package dev.netns.linux.nsfs;

import dev.netns.NamespaceId;
import dev.netns.linux.ffi.ErrnoException;
import dev.netns.linux.ffi.LibC;

/**
 * The process's own network namespace: that of its thread-group leader ({@code /proc/self/ns/net}),
 * held open for the life of the JVM. Workers return here; stray-thread detection compares with it.
 */
public final class HomeNamespace {
    private static final int FD;
    private static final NamespaceId ID;

    static {
        try {
            FD = LibC.open("/proc/self/ns/net", LibC.O_RDONLY, 0);
            LibC.FileId id = LibC.fstat(FD);
            ID = new NamespaceId(id.device(), id.inode());
        } catch (ErrnoException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private HomeNamespace() {
    }

    public static int fd() {
        return FD;
    }

    public static NamespaceId id() {
        return ID;
    }
}
