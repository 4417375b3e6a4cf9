package dev.netns.linux.ns;

import dev.netns.NamespaceId;
import dev.netns.NetnsException;
import dev.netns.linux.ffi.Errno;
import dev.netns.linux.ffi.Failures;
import dev.netns.linux.ffi.Failures.Subject;
import dev.netns.linux.ffi.ErrnoException;
import dev.netns.linux.ffi.LibC;

/**
 * Opening and checking nsfs files: a descriptor is accepted only if its file system is nsfs and the
 * kernel says it is a network namespace ({@code NS_GET_NSTYPE}), so a regular file, a directory or a
 * mount or PID namespace is refused with a clear message.
 */
final class NsFile {
    private NsFile() {
    }

    /**
     * Opens {@code path} read-only and verifies it is a network namespace; the caller owns the fd.
     *
     * @param object   how the namespace is named in error messages
     * @param noFollow refuse a symbolic link as the last component (names in the run directory;
     *                 {@code /proc/PID/ns/net} itself is a link, so paths given by the user follow)
     */
    static int openNetns(String path, String object, boolean noFollow) throws NetnsException {
        int fd;
        try {
            fd = LibC.open(path, LibC.O_RDONLY | LibC.O_NONBLOCK | (noFollow ? LibC.O_NOFOLLOW : 0), 0);
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ELOOP && noFollow) {
                throw new NetnsException("open", object, "not a namespace file: " + path
                        + " is a symbolic link (refused: a name in the run directory must be the namespace file itself)");
            }
            throw Failures.of(e, Subject.NAMESPACE, object);
        }
        try {
            checkNetns(fd, path, object);
            return fd;
        } catch (NetnsException | RuntimeException e) {
            closeQuietly(fd);
            throw e;
        }
    }

    /** Throws unless {@code fd} is an nsfs file of a network namespace. */
    static void checkNetns(int fd, String path, String object) throws NetnsException {
        try {
            long magic = LibC.fstatfs(fd);
            if (magic != LibC.NSFS_MAGIC) {
                throw new NetnsException("open", object, "not a namespace file: " + path
                        + " is not on nsfs (expected /run/netns/NAME, /proc/PID/ns/net or a bind mount of one)");
            }
            checkNetType(fd, path, object);
        } catch (ErrnoException e) {
            throw Failures.of(e, Subject.NAMESPACE, object);
        }
    }

    /** Throws unless the nsfs file {@code fd} is a network namespace ({@code NS_GET_NSTYPE}). */
    private static void checkNetType(int fd, String path, String object) throws ErrnoException, NetnsException {
        int type = LibC.ioctl(fd, LibC.NS_GET_NSTYPE);
        if (type != LibC.CLONE_NEWNET) {
            throw new NetnsException("open", object, "not a network namespace: " + path + " is a "
                    + typeName(type) + " namespace");
        }
    }

    /**
     * Throws unless the nsfs file located by {@code pathFd} (an {@code O_PATH} descriptor, whose file
     * system the caller has already seen to be nsfs) is a network namespace: reopened through
     * {@code /proc/self/fd} for the ioctl, which {@code O_PATH} refuses.
     */
    static void checkType(int pathFd, String path, String object) throws NetnsException {
        int fd;
        try {
            fd = LibC.open("/proc/self/fd/" + pathFd, LibC.O_RDONLY | LibC.O_NONBLOCK, 0);
        } catch (ErrnoException e) {
            throw Failures.of(e, Subject.NAMESPACE, object);
        }
        try {
            checkNetType(fd, path, object);
        } catch (ErrnoException e) {
            throw Failures.of(e, Subject.NAMESPACE, object);
        } finally {
            closeQuietly(fd);
        }
    }

    /** The namespace identity of an open nsfs fd. */
    static NamespaceId id(int fd, String object) throws NetnsException {
        try {
            LibC.FileId id = LibC.fstat(fd);
            return new NamespaceId(id.device(), id.inode());
        } catch (ErrnoException e) {
            throw Failures.of(e, Subject.NAMESPACE, object);
        }
    }

    /** The identity of the namespace an nsfs path denotes, without opening it. */
    static NamespaceId idOf(String path, String object) throws NetnsException {
        try {
            LibC.FileId id = LibC.stat(path);
            return new NamespaceId(id.device(), id.inode());
        } catch (ErrnoException e) {
            throw Failures.of(e, Subject.NAMESPACE, object);
        }
    }

    static void closeQuietly(int fd) {
        try {
            LibC.close(fd);
        } catch (ErrnoException ignored) {
            // nothing useful to do: the descriptor is gone either way (close never leaves it open on Linux)
        }
    }

    private static String typeName(int cloneFlag) {
        return switch (cloneFlag) {
            case 0x00020000 -> "mount";
            case 0x02000000 -> "cgroup";
            case 0x04000000 -> "UTS";
            case 0x08000000 -> "IPC";
            case 0x10000000 -> "user";
            case 0x20000000 -> "PID";
            case 0x00000080 -> "time";
            default -> "non-network (type 0x" + Integer.toHexString(cloneFlag) + ")";
        };
    }
}
