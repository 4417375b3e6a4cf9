package dev.netns.linux.ns;

import dev.netns.NetnsException;
import dev.netns.NoSuchNamespaceException;
import dev.netns.linux.ffi.Failures;
import dev.netns.linux.ffi.Failures.Subject;
import dev.netns.linux.ffi.Errno;
import dev.netns.linux.ffi.ErrnoException;
import dev.netns.linux.ffi.LibC;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The directory of named namespaces, kept exactly as iproute2's {@code ip netns} keeps it, so that
 * both tools see each other's namespaces.
 *
 * <p>{@code ip netns add NAME} makes the directory a shared mount point (binding it onto itself
 * first when it is not a mount point), so that namespace mounts made later propagate into mount
 * namespaces cloned from this one; creates {@code NAME} exclusively; unshares a new network
 * namespace on a thread and bind-mounts that thread's {@code /proc/thread-self/ns/net} onto the
 * file. {@code ip netns del} detaches the mount and unlinks the file. This class does the same with
 * direct system calls, holding an exclusive {@code flock} on the directory while it creates.
 */
public final class RunDirectory {
    /** Attempts at unlinking a namespace file that is still busy, and the pause between them. */
    private static final int BUSY_ATTEMPTS = 50;
    private static final long BUSY_PAUSE_NANOS = 10_000_000L;

    private final Path dir;
    /**
     * Whether this process already made the directory a shared mount point. iproute2 repeats the
     * recursive {@code MS_SHARED} remount on every add; its cost grows with the number of namespace
     * mounts below the directory, so doing it once keeps creation flat with 1,000 namespaces present.
     */
    private volatile boolean shared;

    private RunDirectory(Path dir) {
        this.dir = dir;
    }

    /** {@code /run/netns}, or {@code /var/run/netns} on a system without {@code /run}, as iproute2 resolves it. */
    public static RunDirectory system() {
        Path run = Path.of("/run");
        return new RunDirectory(Files.isDirectory(run) ? run.resolve("netns") : Path.of("/var/run/netns"));
    }

    public Path path() {
        return dir;
    }

    /** The file of a named namespace. {@code name} has been checked by the API: it cannot leave the directory. */
    public Path file(String name) {
        return dir.resolve(name);
    }

    /**
     * Creates a named namespace and returns an open fd of it (owned by the caller).
     * The name is owned by the caller from then on, until {@link #delete}.
     */
    int create(String name) throws NetnsException {
        String path = file(name).toString();
        int dirFd = lockedDirectory(name);
        try {
            makeSharedMountPoint(name);
            createExclusive(path, name);
            try {
                return ThreadSwitch.restoring(name, () -> {
                    try {
                        LibC.unshare(LibC.CLONE_NEWNET);
                        // the new namespace is this thread's, not the process's: bind the thread's own file
                        LibC.mount("/proc/thread-self/ns/net", path, "none", LibC.MS_BIND);
                    } catch (ErrnoException e) {
                        throw Failures.of(e, Subject.NAMESPACE, name);
                    }
                    return NsFile.openNetns(path, name);
                });
            } catch (NetnsException | RuntimeException | Error e) {
                discard(path);
                throw e;
            }
        } finally {
            unlock(dirFd);
        }
    }

    /**
     * Deletes a named namespace: detach its mount, remove its file. The namespace lives on while
     * other references hold it. A file still busy in another mount namespace is retried briefly.
     */
    void delete(String name) throws NetnsException {
        String path = file(name).toString();
        boolean unmounted = false;
        try {
            LibC.umount2(path, LibC.MNT_DETACH);
            unmounted = true;
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENOENT) {
                throw new NoSuchNamespaceException("delete", name, e.errno(), e.errnoName(),
                        "no namespace of that name in " + dir, null);
            }
            if (e.errno() != Errno.EINVAL) { // EINVAL: not a mount point, only a stale file to remove
                throw Failures.of(e, Subject.NAMESPACE, name);
            }
        }
        for (int attempt = 1; ; attempt++) {
            try {
                LibC.unlink(path);
                return;
            } catch (ErrnoException e) {
                if (e.errno() == Errno.ENOENT && !unmounted) {
                    throw new NoSuchNamespaceException("delete", name, e.errno(), e.errnoName(),
                            "no namespace of that name in " + dir, null);
                }
                if (e.errno() == Errno.ENOENT) {
                    return; // someone else removed the file after our unmount
                }
                if (e.errno() != Errno.EBUSY || attempt == BUSY_ATTEMPTS) {
                    throw Failures.of(e, Subject.NAMESPACE, name);
                }
                LockSupport.parkNanos(BUSY_PAUSE_NANOS);
            }
        }
    }

    /** The names in the directory, sorted; empty when it does not exist. */
    List<String> list() throws NetnsException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                names.add(p.getFileName().toString());
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new NetnsException("list", dir.toString(), "cannot read the directory: " + e.getMessage(), e);
        }
        names.sort(null);
        return names;
    }

    /** Whether {@code name} is a mounted network namespace file. */
    boolean exists(String name) throws NetnsException {
        int fd;
        try {
            fd = LibC.open(file(name).toString(), LibC.O_RDONLY, 0);
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENOENT) {
                return false;
            }
            throw Failures.of(e, Subject.NAMESPACE, name);
        }
        try {
            NsFile.checkNetns(fd, file(name).toString(), name);
            return true;
        } catch (NetnsException e) {
            return false; // a leftover empty file: ip netns lists it, but there is no namespace behind it
        } finally {
            NsFile.closeQuietly(fd);
        }
    }

    private int lockedDirectory(String name) throws NetnsException {
        try {
            try {
                LibC.mkdir(dir.toString(), 0755);
            } catch (ErrnoException e) {
                if (e.errno() != Errno.EEXIST) {
                    throw e;
                }
            }
            int fd = LibC.open(dir.toString(), LibC.O_RDONLY | LibC.O_DIRECTORY, 0);
            try {
                LibC.flock(fd, LibC.LOCK_EX);
            } catch (ErrnoException e) {
                NsFile.closeQuietly(fd);
                throw e;
            }
            return fd;
        } catch (ErrnoException e) {
            throw Failures.of(e, Subject.OTHER, dir + " (for " + name + ")");
        }
    }

    private static void unlock(int dirFd) {
        NsFile.closeQuietly(dirFd); // closing the last descriptor releases the flock
    }

    /** As iproute2: make the directory a shared mount, binding it onto itself if it is no mount point yet. */
    private void makeSharedMountPoint(String name) throws NetnsException {
        if (shared) {
            return;
        }
        String d = dir.toString();
        try {
            try {
                LibC.mount("", d, "none", LibC.MS_SHARED | LibC.MS_REC);
            } catch (ErrnoException e) {
                if (e.errno() != Errno.EINVAL) {
                    throw e;
                }
                LibC.mount(d, d, "none", LibC.MS_BIND | LibC.MS_REC);
                LibC.mount("", d, "none", LibC.MS_SHARED | LibC.MS_REC);
            }
            shared = true;
        } catch (ErrnoException e) {
            throw Failures.of(e, Subject.OTHER, d + " (for " + name + ")");
        }
    }

    private static void createExclusive(String path, String name) throws NetnsException {
        try {
            int fd = LibC.open(path, LibC.O_RDONLY | LibC.O_CREAT | LibC.O_EXCL, 0);
            NsFile.closeQuietly(fd);
        } catch (ErrnoException e) {
            if (e.errno() == Errno.EEXIST) {
                throw Failures.of("create", name, e.errno(), null, Subject.NAMESPACE);
            }
            throw Failures.of(e, Subject.NAMESPACE, name);
        }
    }

    /** Undoes a half-made namespace file (unmount if bound, then unlink); the original failure is what matters. */
    private static void discard(String path) {
        try {
            LibC.umount2(path, LibC.MNT_DETACH);
        } catch (ErrnoException ignored) {
            // not mounted: the failure came before the bind
        }
        try {
            LibC.unlink(path);
        } catch (ErrnoException ignored) {
            // already gone
        }
    }
}
