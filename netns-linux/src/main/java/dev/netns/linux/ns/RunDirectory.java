package dev.netns.linux.ns;

import dev.netns.NamespaceCallable;
import dev.netns.NamespaceId;
import dev.netns.NetnsException;
import dev.netns.NoSuchNamespaceException;
import dev.netns.spi.NetnsExceptions;
import dev.netns.linux.ffi.Failures;
import dev.netns.linux.ffi.Failures.Subject;
import dev.netns.linux.ffi.Errno;
import dev.netns.linux.ffi.ErrnoException;
import dev.netns.linux.ffi.LibC;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
    /** The directory's path and a slash: a file's path is this and its name (no Path to build and convert per call). */
    private final String prefix;
    /**
     * Whether this process already made the directory a shared mount point. iproute2 repeats the
     * recursive {@code MS_SHARED} remount on every add; its cost grows with the number of namespace
     * mounts below the directory, so doing it once keeps creation flat with 1,000 namespaces present.
     */
    private volatile boolean shared;

    /** A run directory at {@code dir} (tests; production uses {@link #system()}). */
    RunDirectory(Path dir) {
        this.dir = dir;
        String d = dir.toString();
        this.prefix = d.endsWith("/") ? d : d + "/";
    }

    /** {@code /run/netns}, or {@code /var/run/netns} on a system without {@code /run}, as iproute2 resolves it. */
    public static RunDirectory system() {
        return under(Path.of("/"));
    }

    /** The run directory of the file system tree at {@code root}, chosen as {@link #system()} chooses it. */
    static RunDirectory under(Path root) {
        Path run = root.resolve("run");
        return new RunDirectory(Files.isDirectory(run) ? run.resolve("netns") : root.resolve("var/run/netns"));
    }

    public Path path() {
        return dir;
    }

    /** The file of a named namespace. {@code name} has been checked by the API: it cannot leave the directory. */
    public Path file(String name) {
        return dir.resolve(name);
    }

    /** {@code file(name).toString()}, for the system calls: a checked name is one path element. */
    String pathOf(String name) {
        return prefix + name;
    }

    /**
     * Creates a named namespace and returns an open fd of it (owned by the caller).
     * The name is owned by the caller from then on, until {@link #delete}.
     */
    int create(String name) throws NetnsException {
        String path = pathOf(name);
        // unshare, the costly step, comes before the directory's lock: only the file and its bind
        // mount need it, so creates on several threads overlap (a refused name wastes one unshare)
        return ThreadSwitch.restoring(name, new NamespaceCallable<Integer, NetnsException>() { // a class: no lambda spun
            @Override
            public Integer call() throws NetnsException {
                return unshareAndBind(name, path);
            }
        });
    }

    /** On the calling thread, which {@link #create} returns to its namespace afterwards. */
    private int unshareAndBind(String name, String path) throws NetnsException {
        int fd;
        try {
            LibC.unshare(LibC.CLONE_NEWNET);
            // the handle's descriptor comes from the thread itself (the kernel's own namespace, no
            // path to re-open and check); the file is bound to the same namespace below
            fd = ThreadSwitch.currentNamespace();
        } catch (ErrnoException e) {
            throw Failures.of(e, Subject.NAMESPACE, name);
        }
        try {
            int dirFd = lockedDirectory(name);
            try {
                checkDirectory(dirFd, name);
                makeSharedMountPoint(name);
                createExclusive(path, name);
                try {
                    // the new namespace is this thread's, not the process's: bind the thread's own file
                    LibC.mount("/proc/thread-self/ns/net", path, "none", LibC.MS_BIND);
                    return fd;
                } catch (ErrnoException e) {
                    discard(path);
                    throw Failures.of(e, Subject.NAMESPACE, name);
                } catch (RuntimeException | Error e) {
                    discard(path);
                    throw e;
                }
            } finally {
                unlock(dirFd);
            }
        } catch (NetnsException | RuntimeException | Error e) {
            NsFile.closeQuietly(fd);
            throw e;
        }
    }

    /**
     * Deletes a named namespace: detach its mount, remove its file. The namespace lives on while
     * other references hold it. A file still busy in another mount namespace is retried briefly.
     *
     * <p>What is at the path is checked first, without following links ({@code O_PATH|O_NOFOLLOW}
     * and {@code UMOUNT_NOFOLLOW}): only an nsfs file of a network namespace is unmounted, and with
     * {@code expected} only that very namespace (a handle's, by dev/inode), so a stale handle never
     * deletes a namespace someone re-created under its name. A symbolic link, a directory or a
     * mount of anything else is refused and left alone; a plain leftover file (a failed
     * {@code ip netns add}) is removed. Our own deletes and creates hold the directory's lock.
     *
     * @param expected the namespace the caller means, or {@code null} to delete whatever network
     *                 namespace bears the name
     */
    void delete(String name, NamespaceId expected) throws NetnsException {
        String path = pathOf(name);
        int dirFd = lockedExisting(name);
        try {
            checkDirectory(dirFd, name);
            if (isNetnsFile(path, name, expected)) {
                try {
                    LibC.umount2(path, LibC.MNT_DETACH | LibC.UMOUNT_NOFOLLOW);
                } catch (ErrnoException e) {
                    if (e.errno() != Errno.EINVAL) { // EINVAL: someone unmounted it meanwhile
                        throw Failures.of(e, Subject.NAMESPACE, name);
                    }
                }
            }
            unlinkRetrying(path, name);
        } finally {
            unlock(dirFd);
        }
    }

    /**
     * Whether {@code path} is a mounted network namespace (to unmount), or a leftover plain file (to
     * unlink only); throws for anything else, and for a namespace other than {@code expected}.
     */
    private boolean isNetnsFile(String path, String name, NamespaceId expected) throws NetnsException {
        int fd;
        try {
            fd = LibC.open(path, LibC.O_PATH | LibC.O_NOFOLLOW, 0);
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENOENT) {
                throw noSuchNamespace(name, expected, "no namespace of that name in " + dir);
            }
            throw Failures.of(e, Subject.NAMESPACE, name);
        }
        try {
            long magic = LibC.fstatfs(fd);
            if (magic == LibC.NSFS_MAGIC) {
                LibC.FileId f = LibC.fstat(fd);
                // compared field by field: a record's equals is an invokedynamic bootstrap on first use
                if (expected != null && (f.device() != expected.device() || f.inode() != expected.inode())) {
                    NamespaceId found = new NamespaceId(f.device(), f.inode());
                    throw noSuchNamespace(name, expected, path + " is now namespace " + found
                            + ", not this handle's " + expected + " (deleted and created again by someone else); left alone");
                }
                // the nsfs file's own type: reopen the located file for the ioctl (O_PATH refuses ioctls);
                // it is the same file, on nsfs as just seen
                NsFile.checkType(fd, path, name);
                return true;
            }
            Path p = Path.of(path);
            if (Files.isSymbolicLink(p) || Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new NetnsException("delete", name, path + " is " + (Files.isSymbolicLink(p) ? "a symbolic link"
                        : "a directory") + ", not a network namespace file; left alone");
            }
            if (expected != null) {
                throw noSuchNamespace(name, expected, path + " is an empty file, no longer this handle's namespace "
                        + expected);
            }
            return false; // a plain file: unlink refuses (EBUSY) if something is mounted on it
        } catch (ErrnoException e) {
            throw Failures.of(e, Subject.NAMESPACE, name);
        } finally {
            NsFile.closeQuietly(fd);
        }
    }

    private NoSuchNamespaceException noSuchNamespace(String name, NamespaceId expected, String why) {
        return NetnsExceptions.noSuchNamespace("delete", expected == null ? name : name + " (" + expected + ")",
                Errno.ENOENT, Errno.name(Errno.ENOENT), why, null);
    }

    private void unlinkRetrying(String path, String name) throws NetnsException {
        for (int attempt = 1; ; attempt++) {
            try {
                LibC.unlink(path);
                return;
            } catch (ErrnoException e) {
                if (e.errno() == Errno.ENOENT) {
                    return; // someone else removed the file after our check
                }
                if (e.errno() != Errno.EBUSY || attempt == BUSY_ATTEMPTS) {
                    throw Failures.of(e, Subject.NAMESPACE, name);
                }
                LockSupport.parkNanos(BUSY_PAUSE_NANOS);
            }
        }
    }

    /**
     * Refuses a run directory that someone other than root could tamper with: not owned by root, or
     * writable by others without the sticky bit (they could rename or remove our namespace files). A
     * sticky world-writable directory (a bare tmpfs, as a test sandbox mounts) is accepted: others
     * can only add entries there, and those are refused by the checks above (no links followed,
     * nothing but a network namespace's nsfs file unmounted). A missing directory is fine (create
     * makes it 0755).
     */
    void checkDirectory(String name) throws NetnsException {
        int fd;
        try {
            fd = LibC.open(dir.toString(), LibC.O_PATH | LibC.O_DIRECTORY | LibC.O_NOFOLLOW, 0);
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENOENT) {
                return;
            }
            throw Failures.of(e, Subject.OTHER, dir + " (for " + name + ")");
        }
        try {
            checkDirectory(fd, name);
        } finally {
            NsFile.closeQuietly(fd);
        }
    }

    /** As {@link #checkDirectory(String)}, on the directory open as {@code dirFd}. */
    private void checkDirectory(int dirFd, String name) throws NetnsException {
        LibC.FileOwner owner;
        try {
            owner = LibC.fstatOwner(dirFd);
        } catch (ErrnoException e) {
            throw new NetnsException("check", dir + " (for " + name + ")", "cannot read the run directory's owner and mode: "
                    + Errno.description(e.errno()), null);
        }
        int uid = owner.uid();
        int mode = owner.mode();
        if (uid != 0 || (mode & 01002) == 0002) {
            throw new NetnsException("check", dir + " (for " + name + ")", "refusing a run directory "
                    + (uid != 0 ? "owned by uid " + Integer.toUnsignedString(uid) : "writable by others (mode " + Integer.toOctalString(mode & 07777) + ")")
                    + ": others could replace or remove namespace files there; it must be owned by root and not "
                    + "world-writable (unless sticky)");
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

    /** Whether {@code name} is a mounted network namespace file (a symbolic link is not). */
    boolean exists(String name) throws NetnsException {
        checkDirectory(name);
        int fd;
        try {
            fd = LibC.open(file(name).toString(), LibC.O_RDONLY | LibC.O_NOFOLLOW | LibC.O_NONBLOCK, 0);
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENOENT || e.errno() == Errno.ELOOP) {
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

    /** The directory, locked as by {@link #lockedDirectory}, without creating it; none means no such namespace. */
    private int lockedExisting(String name) throws NetnsException {
        try {
            return openLocked();
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENOENT) {
                throw noSuchNamespace(name, null, "no namespace of that name: " + dir + " does not exist");
            }
            throw Failures.of(e, Subject.OTHER, dir + " (for " + name + ")");
        }
    }

    private int lockedDirectory(String name) throws NetnsException {
        try {
            try {
                return openLocked();
            } catch (ErrnoException e) {
                if (e.errno() != Errno.ENOENT) {
                    throw e;
                }
            }
            // made by the first create only: opening first spares every later create a failing mkdir
            try {
                LibC.mkdir(dir.toString(), 0755);
            } catch (ErrnoException e) {
                if (e.errno() != Errno.EEXIST) { // made by someone else in between
                    throw e;
                }
            }
            return openLocked();
        } catch (ErrnoException e) {
            throw Failures.of(e, Subject.OTHER, dir + " (for " + name + ")");
        }
    }

    /** The directory open, under an exclusive {@code flock} (released by closing the fd). */
    private int openLocked() throws ErrnoException {
        // not following a symbolic link: the directory itself is what checkDirectory vouches for
        int fd = LibC.open(dir.toString(), LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_NOFOLLOW, 0);
        try {
            LibC.flock(fd, LibC.LOCK_EX);
        } catch (ErrnoException e) {
            NsFile.closeQuietly(fd);
            throw e;
        }
        return fd;
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
            LibC.mknod(path, LibC.S_IFREG); // as open(O_CREAT|O_EXCL) with mode 0, without a descriptor to close
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
            LibC.umount2(path, LibC.MNT_DETACH | LibC.UMOUNT_NOFOLLOW);
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
