package dev.netns.linux.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Every libc function the library calls, as {@code static final} downcall handles, and one wrapper
 * per function: named after it, documented with its C prototype, returning its result or throwing
 * {@link ErrnoException} with the errno the call itself left.
 *
 * <p>errno is captured by the linker ({@code captureCallState("errno")}) into a segment owned by
 * the calling thread, so concurrent calls on other threads never see each other's errno.
 * Strings and out-parameters live in a confined arena per call.
 */
public final class LibC {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    /** The calling thread's errno capture buffer: never shared between threads. */
    private static final ThreadLocal<MemorySegment> CAPTURE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE_LAYOUT));

    // <sched.h>
    public static final int CLONE_NEWNS = 0x00020000;
    public static final int CLONE_NEWNET = 0x40000000;
    // <fcntl.h>
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_CREAT = 0100;
    public static final int O_EXCL = 0200;
    public static final int O_TRUNC = 01000;
    public static final int O_APPEND = 02000;
    public static final int O_DIRECTORY = 0200000;
    public static final int O_CLOEXEC = 02000000;
    public static final int F_DUPFD_CLOEXEC = 1030;
    // <signal.h>
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;
    // <spawn.h>
    public static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    public static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    // <sys/wait.h>
    public static final int P_PID = 1;
    public static final int WEXITED = 4;
    public static final int WNOWAIT = 0x01000000;
    /** {@code si_code} of a child that called exit; the others ({@code CLD_KILLED}, {@code CLD_DUMPED}) mean a signal. */
    public static final int CLD_EXITED = 1;
    // <sys/mount.h>
    public static final long MS_RDONLY = 1;
    public static final long MS_NOSUID = 2;
    public static final long MS_NODEV = 4;
    public static final long MS_NOEXEC = 8;
    public static final long MS_REMOUNT = 32;
    public static final long MS_BIND = 4096;
    public static final long MS_REC = 16384;
    public static final long MS_SLAVE = 1 << 19;
    public static final long MS_SHARED = 1 << 20;
    public static final int MNT_DETACH = 2;
    // <sys/file.h>
    public static final int LOCK_SH = 1;
    public static final int LOCK_EX = 2;
    public static final int LOCK_NB = 4;
    public static final int LOCK_UN = 8;
    // <linux/magic.h>
    public static final long NSFS_MAGIC = 0x6e736673L;
    // <linux/nsfs.h>: _IO(0xb7, 0x3)
    public static final long NS_GET_NSTYPE = 0xb703L;
    // <linux/pidfd.h> (6.9, 6.11): a pidfd of one thread, and _IO(PIDFS_IOCTL_MAGIC 0xFF, 4)
    public static final int PIDFD_THREAD = O_EXCL;
    public static final long PIDFD_GET_NET_NAMESPACE = 0xFF04L;
    // <sys/socket.h>
    public static final int AF_NETLINK = 16;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_CLOEXEC = O_CLOEXEC;
    public static final int SOL_SOCKET = 1;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int SO_RCVTIMEO = 20;
    public static final int SO_SNDBUFFORCE = 32;
    public static final int SO_RCVBUFFORCE = 33;
    /** recv flag: return the datagram's real length even when it did not fit the buffer. */
    public static final int MSG_TRUNC = 0x20;

    /** {@code struct stat} is 144 bytes on x86_64 and 128 on aarch64; st_dev and st_ino lead both. */
    private static final long STAT_SIZE = 256;
    /** {@code struct statfs}: f_type is the first field (a long) on 64-bit Linux. */
    private static final long STATFS_SIZE = 256;
    /**
     * {@code posix_spawn_file_actions_t} (80 bytes in glibc on x86_64 and aarch64) and
     * {@code posix_spawnattr_t} (336 bytes): opaque to us, so allocated with room to spare.
     */
    public static final long SPAWN_STRUCT_SIZE = 1024;
    /** {@code sigset_t} is 128 bytes in glibc. */
    public static final long SIGSET_SIZE = 128;
    /** {@code siginfo_t} is 128 bytes; for SIGCHLD, si_code is at 8 and si_status at 24 on 64-bit Linux. */
    private static final long SIGINFO_SIZE = 128;

    private static final MethodHandle UNSHARE = link("unshare", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle SETNS = link("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle OPEN = link("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle CLOSE = link("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle MOUNT = link("mount",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    private static final MethodHandle UMOUNT2 = link("umount2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle FSTAT = link("fstat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle STAT = link("stat", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle FSTATFS = link("fstatfs", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle IOCTL = link("ioctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle PIDFD_OPEN = linkOptional("pidfd_open", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle GETTID = link("gettid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle MKDIR = link("mkdir", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle UNLINK = link("unlink", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle FLOCK = link("flock", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle SOCKET = link("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle BIND = link("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETSOCKNAME = link("getsockname",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SETSOCKOPT = link("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SEND = link("send", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle RECV = link("recv", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle FCNTL = link("fcntl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle PIPE2 = link("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle KILL = link("kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle WAITID = link("waitid",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SIGEMPTYSET = link("sigemptyset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle SIGFILLSET = link("sigfillset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle POSIX_SPAWN = link("posix_spawn",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle FILE_ACTIONS_INIT = link("posix_spawn_file_actions_init",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle FILE_ACTIONS_DESTROY = link("posix_spawn_file_actions_destroy",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle FILE_ACTIONS_ADDDUP2 = link("posix_spawn_file_actions_adddup2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle FILE_ACTIONS_ADDCLOSE = link("posix_spawn_file_actions_addclose",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    /** glibc 2.29 and newer; {@code null} before. */
    private static final MethodHandle FILE_ACTIONS_ADDCHDIR = linkOptional("posix_spawn_file_actions_addchdir_np",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    /** glibc 2.34 and newer; {@code null} before. */
    private static final MethodHandle FILE_ACTIONS_ADDCLOSEFROM = linkOptional("posix_spawn_file_actions_addclosefrom_np",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SPAWNATTR_INIT = link("posix_spawnattr_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle SPAWNATTR_DESTROY = link("posix_spawnattr_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle SPAWNATTR_SETFLAGS = link("posix_spawnattr_setflags",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT));
    private static final MethodHandle SPAWNATTR_SETSIGMASK = link("posix_spawnattr_setsigmask",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SPAWNATTR_SETSIGDEFAULT = link("posix_spawnattr_setsigdefault",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));

    private LibC() {
    }

    /**
     * Links one libc function with errno capture. The only place that performs the restricted
     * linker operation; a missing symbol is reported by name.
     */
    private static MethodHandle link(String name, FunctionDescriptor descriptor, Linker.Option... extra) {
        MethodHandle handle = linkOptional(name, descriptor, extra);
        if (handle == null) {
            throw new UnsatisfiedLinkError("libc has no function '" + name + "' (needs glibc 2.30 or newer, or musl)");
        }
        return handle;
    }

    /** Like {@link #link}, but {@code null} when libc lacks the function (a GNU extension of a later release). */
    @SuppressWarnings("restricted")
    private static MethodHandle linkOptional(String name, FunctionDescriptor descriptor, Linker.Option... extra) {
        MemorySegment symbol = LIBC.find(name).orElse(null);
        if (symbol == null) {
            return null;
        }
        Linker.Option[] options = new Linker.Option[extra.length + 1];
        options[0] = CAPTURE_ERRNO;
        System.arraycopy(extra, 0, options, 1, extra.length);
        return LINKER.downcallHandle(symbol, descriptor, options);
    }

    private static MemorySegment capture() {
        return CAPTURE.get();
    }

    private static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    private static int check(String function, int result, MemorySegment capture) throws ErrnoException {
        if (result < 0) {
            throw new ErrnoException(function, errno(capture));
        }
        return result;
    }

    private static long check(String function, long result, MemorySegment capture) throws ErrnoException {
        if (result < 0) {
            throw new ErrnoException(function, errno(capture));
        }
        return result;
    }

    private static RuntimeException unexpected(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("native call failed", t);
    }

    /** {@code int unshare(int flags);} */
    public static void unshare(int flags) throws ErrnoException {
        MemorySegment c = capture();
        try {
            check("unshare", (int) UNSHARE.invokeExact(c, flags), c);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code int setns(int fd, int nstype);} */
    public static void setns(int fd, int nstype) throws ErrnoException {
        MemorySegment c = capture();
        try {
            check("setns", (int) SETNS.invokeExact(c, fd, nstype), c);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code int open(const char *pathname, int flags, mode_t mode);} {@code O_CLOEXEC} is always added. */
    public static int open(String path, int flags, int mode) throws ErrnoException {
        MemorySegment c = capture();
        try (Arena arena = Arena.ofConfined()) {
            return check("open", (int) OPEN.invokeExact(c, arena.allocateFrom(path), flags | O_CLOEXEC, mode), c);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code int close(int fd);} */
    public static void close(int fd) throws ErrnoException {
        MemorySegment c = capture();
        try {
            check("close", (int) CLOSE.invokeExact(c, fd), c);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * {@code int mount(const char *source, const char *target, const char *filesystemtype,
     * unsigned long mountflags, const void *data);} {@code null} strings pass NULL.
     */
    public static void mount(String source, String target, String fsType, long flags) throws ErrnoException {
        MemorySegment c = capture();
        try (Arena arena = Arena.ofConfined()) {
            check("mount", (int) MOUNT.invokeExact(c, cstr(arena, source), cstr(arena, target), cstr(arena, fsType),
                    flags, MemorySegment.NULL), c);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code int umount2(const char *target, int flags);} */
    public static void umount2(String target, int flags) throws ErrnoException {
        MemorySegment c = capture();
        try (Arena arena = Arena.ofConfined()) {
            check("umount2", (int) UMOUNT2.invokeExact(c, arena.allocateFrom(target), flags), c);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** The identity fields of {@code struct stat}. */
    public record FileId(long device, long inode) {
    }

    /** {@code int fstat(int fd, struct stat *statbuf);} returning {@code st_dev} and {@code st_ino}. */
    public static FileId fstat(int fd) throws ErrnoException {
        MemorySegment c = capture();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(STAT_SIZE, 8);
            check("fstat", (int) FSTAT.invokeExact(c, fd, buf), c);
            return new FileId(buf.get(JAVA_LONG, 0), buf.get(JAVA_LONG, 8));
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code int stat(const char *pathname, struct stat *statbuf);} returning {@code st_dev} and {@code st_ino}. */
    public static FileId stat(String path) throws ErrnoException {
        MemorySegment c = capture();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(STAT_SIZE, 8);
            check("stat", (int) STAT.invokeExact(c, arena.allocateFrom(path), buf), c);
            return new FileId(buf.get(JAVA_LONG, 0), buf.get(JAVA_LONG, 8));
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code int fstatfs(int fd, struct statfs *buf);} returning {@code f_type}, the file system's magic number. */
    public static long fstatfs(int fd) throws ErrnoException {
        MemorySegment c = capture();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(STATFS_SIZE, 8);
            check("fstatfs", (int) FSTATFS.invokeExact(c, fd, buf), c);
            return buf.get(JAVA_LONG, 0);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * {@code int ioctl(int fd, unsigned long request, 0);} for requests without an argument, such as
     * {@code NS_GET_NSTYPE}. The argument is passed as 0: some requests refuse a non-zero one.
     */
    public static int ioctl(int fd, long request) throws ErrnoException {
        MemorySegment c = capture();
        try {
            return check("ioctl", (int) IOCTL.invokeExact(c, fd, request, 0L), c);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** Whether this C library has {@code pidfd_open} (glibc 2.36). */
    public static boolean hasPidfdOpen() {
        return PIDFD_OPEN != null;
    }

    /** {@code int pidfd_open(pid_t pid, unsigned int flags);} {@code ENOSYS} when the C library lacks it. */
    public static int pidfd_open(int pid, int flags) throws ErrnoException {
        if (PIDFD_OPEN == null) {
            throw new ErrnoException("pidfd_open", Errno.ENOSYS);
        }
        MemorySegment c = capture();
        try {
            return check("pidfd_open", (int) PIDFD_OPEN.invokeExact(c, pid, flags), c);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code pid_t gettid(void);} */
    public static int gettid() {
        try {
            return (int) GETTID.invokeExact(capture());
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code int mkdir(const char *pathname, mode_t mode);} */
    public static void mkdir(String path, int mode) throws ErrnoException {
        MemorySegment c = capture();
        try (Arena arena = Arena.ofConfined()) {
            check("mkdir", (int) MKDIR.invokeExact(c, arena.allocateFrom(path), mode), c);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code int unlink(const char *pathname);} */
    public static void unlink(String path) throws ErrnoException {
        MemorySegment c = capture();
        try (Arena arena = Arena.ofConfined()) {
            check("unlink", (int) UNLINK.invokeExact(c, arena.allocateFrom(path)), c);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code int flock(int fd, int operation);} */
    public static void flock(int fd, int operation) throws ErrnoException {
        MemorySegment c = capture();
        try {
            check("flock", (int) FLOCK.invokeExact(c, fd, operation), c);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code int socket(int domain, int type, int protocol);} {@code SOCK_CLOEXEC} is always added. */
    public static int socket(int domain, int type, int protocol) throws ErrnoException {
        MemorySegment c = capture();
        try {
            return check("socket", (int) SOCKET.invokeExact(c, domain, type | SOCK_CLOEXEC, protocol), c);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code int bind(int sockfd, const struct sockaddr *addr, socklen_t addrlen);} */
    public static void bind(int fd, MemorySegment addr) throws ErrnoException {
        MemorySegment c = capture();
        try {
            check("bind", (int) BIND.invokeExact(c, fd, addr, (int) addr.byteSize()), c);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code int getsockname(int sockfd, struct sockaddr *addr, socklen_t *addrlen);} fills {@code addr}. */
    public static void getsockname(int fd, MemorySegment addr) throws ErrnoException {
        MemorySegment c = capture();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment len = arena.allocateFrom(JAVA_INT, (int) addr.byteSize());
            check("getsockname", (int) GETSOCKNAME.invokeExact(c, fd, addr, len), c);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code int setsockopt(int sockfd, int level, int optname, const void *optval, socklen_t optlen);} */
    public static void setsockopt(int fd, int level, int option, MemorySegment value) throws ErrnoException {
        MemorySegment c = capture();
        try {
            check("setsockopt", (int) SETSOCKOPT.invokeExact(c, fd, level, option, value, (int) value.byteSize()), c);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code setsockopt} with an {@code int} value. */
    public static void setsockopt(int fd, int level, int option, int value) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            setsockopt(fd, level, option, arena.allocateFrom(JAVA_INT, value));
        }
    }

    /** {@code ssize_t send(int sockfd, const void *buf, size_t len, int flags);} */
    public static long send(int fd, MemorySegment buf, long length, int flags) throws ErrnoException {
        MemorySegment c = capture();
        try {
            return check("send", (long) SEND.invokeExact(c, fd, buf, length, flags), c);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code ssize_t recv(int sockfd, void *buf, size_t len, int flags);} */
    public static long recv(int fd, MemorySegment buf, long length, int flags) throws ErrnoException {
        MemorySegment c = capture();
        try {
            return check("recv", (long) RECV.invokeExact(c, fd, buf, length, flags), c);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code int open(const char *pathname, int flags, mode_t mode);} with a path already encoded; {@code O_CLOEXEC} is always added. */
    public static int open(MemorySegment path, int flags, int mode) throws ErrnoException {
        MemorySegment c = capture();
        try {
            return check("open", (int) OPEN.invokeExact(c, path, flags | O_CLOEXEC, mode), c);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code int fcntl(int fd, int cmd, int arg);} for the commands that take an int, such as {@code F_DUPFD_CLOEXEC}. */
    public static int fcntl(int fd, int command, int argument) throws ErrnoException {
        MemorySegment c = capture();
        try {
            return check("fcntl", (int) FCNTL.invokeExact(c, fd, command, argument), c);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code int pipe2(int pipefd[2], int flags);} returning {read end, write end}. */
    public static int[] pipe2(int flags) throws ErrnoException {
        MemorySegment c = capture();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            check("pipe2", (int) PIPE2.invokeExact(c, fds, flags), c);
            return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code int kill(pid_t pid, int sig);} */
    public static void kill(int pid, int signal) throws ErrnoException {
        MemorySegment c = capture();
        try {
            check("kill", (int) KILL.invokeExact(c, pid, signal), c);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * How a child ended, from {@code siginfo_t}: {@code code} is {@code CLD_EXITED} (then
     * {@code status} is the exit status) or {@code CLD_KILLED}/{@code CLD_DUMPED} (then the signal).
     */
    public record ChildExit(int code, int status) {
    }

    /**
     * {@code int waitid(idtype_t idtype, id_t id, siginfo_t *infop, int options);} for
     * {@code WEXITED}, blocking (no {@code WNOHANG}); with {@code WNOWAIT} the child stays waitable.
     */
    public static ChildExit waitid(int idType, int id, int options) throws ErrnoException {
        MemorySegment c = capture();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(SIGINFO_SIZE, 8);
            check("waitid", (int) WAITID.invokeExact(c, idType, id, info, options), c);
            return new ChildExit(info.get(JAVA_INT, 8), info.get(JAVA_INT, 24));
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code int sigemptyset(sigset_t *set);} on a segment of {@link #SIGSET_SIZE} bytes. */
    public static void sigemptyset(MemorySegment set) throws ErrnoException {
        MemorySegment c = capture();
        try {
            check("sigemptyset", (int) SIGEMPTYSET.invokeExact(c, set), c);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code int sigfillset(sigset_t *set);} on a segment of {@link #SIGSET_SIZE} bytes. */
    public static void sigfillset(MemorySegment set) throws ErrnoException {
        MemorySegment c = capture();
        try {
            check("sigfillset", (int) SIGFILLSET.invokeExact(c, set), c);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** The posix_spawn family returns its error number instead of setting errno. */
    private static void checkReturned(String function, int error) throws ErrnoException {
        if (error != 0) {
            throw new ErrnoException(function, error);
        }
    }

    /**
     * {@code int posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *file_actions,
     * const posix_spawnattr_t *attrp, char *const argv[], char *const envp[]);} returning the pid.
     * glibc reports a failed file action or exec as the result, after reaping the failed child.
     */
    public static int posix_spawn(MemorySegment path, MemorySegment fileActions, MemorySegment attr,
                                  MemorySegment argv, MemorySegment envp) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pid = arena.allocate(JAVA_INT);
            checkReturned("posix_spawn", (int) POSIX_SPAWN.invokeExact(capture(), pid, path, fileActions, attr, argv, envp));
            return pid.get(JAVA_INT, 0);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code int posix_spawn_file_actions_init(posix_spawn_file_actions_t *file_actions);} */
    public static void posix_spawn_file_actions_init(MemorySegment fileActions) throws ErrnoException {
        try {
            checkReturned("posix_spawn_file_actions_init", (int) FILE_ACTIONS_INIT.invokeExact(capture(), fileActions));
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code int posix_spawn_file_actions_destroy(posix_spawn_file_actions_t *file_actions);} */
    public static void posix_spawn_file_actions_destroy(MemorySegment fileActions) throws ErrnoException {
        try {
            checkReturned("posix_spawn_file_actions_destroy", (int) FILE_ACTIONS_DESTROY.invokeExact(capture(), fileActions));
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code int posix_spawn_file_actions_adddup2(posix_spawn_file_actions_t *file_actions, int fildes, int newfildes);} */
    public static void posix_spawn_file_actions_adddup2(MemorySegment fileActions, int fd, int newFd) throws ErrnoException {
        try {
            checkReturned("posix_spawn_file_actions_adddup2",
                    (int) FILE_ACTIONS_ADDDUP2.invokeExact(capture(), fileActions, fd, newFd));
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code int posix_spawn_file_actions_addclose(posix_spawn_file_actions_t *file_actions, int fildes);} */
    public static void posix_spawn_file_actions_addclose(MemorySegment fileActions, int fd) throws ErrnoException {
        try {
            checkReturned("posix_spawn_file_actions_addclose", (int) FILE_ACTIONS_ADDCLOSE.invokeExact(capture(), fileActions, fd));
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** Whether libc has {@code posix_spawn_file_actions_addchdir_np} (glibc 2.29 and newer). */
    public static boolean hasSpawnChdir() {
        return FILE_ACTIONS_ADDCHDIR != null;
    }

    /**
     * {@code int posix_spawn_file_actions_addchdir_np(posix_spawn_file_actions_t *file_actions, const char *path);}
     * Throws {@code ENOSYS} when libc lacks it (see {@link #hasSpawnChdir()}).
     */
    public static void posix_spawn_file_actions_addchdir_np(MemorySegment fileActions, MemorySegment path) throws ErrnoException {
        if (FILE_ACTIONS_ADDCHDIR == null) {
            throw new ErrnoException("posix_spawn_file_actions_addchdir_np", Errno.ENOSYS);
        }
        try {
            checkReturned("posix_spawn_file_actions_addchdir_np",
                    (int) FILE_ACTIONS_ADDCHDIR.invokeExact(capture(), fileActions, path));
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** Whether libc has {@code posix_spawn_file_actions_addclosefrom_np} (glibc 2.34 and newer). */
    public static boolean hasSpawnClosefrom() {
        return FILE_ACTIONS_ADDCLOSEFROM != null;
    }

    /**
     * {@code int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *file_actions, int from);}
     * Throws {@code ENOSYS} when libc lacks it (see {@link #hasSpawnClosefrom()}).
     */
    public static void posix_spawn_file_actions_addclosefrom_np(MemorySegment fileActions, int from) throws ErrnoException {
        if (FILE_ACTIONS_ADDCLOSEFROM == null) {
            throw new ErrnoException("posix_spawn_file_actions_addclosefrom_np", Errno.ENOSYS);
        }
        try {
            checkReturned("posix_spawn_file_actions_addclosefrom_np",
                    (int) FILE_ACTIONS_ADDCLOSEFROM.invokeExact(capture(), fileActions, from));
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code int posix_spawnattr_init(posix_spawnattr_t *attr);} */
    public static void posix_spawnattr_init(MemorySegment attr) throws ErrnoException {
        try {
            checkReturned("posix_spawnattr_init", (int) SPAWNATTR_INIT.invokeExact(capture(), attr));
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code int posix_spawnattr_destroy(posix_spawnattr_t *attr);} */
    public static void posix_spawnattr_destroy(MemorySegment attr) throws ErrnoException {
        try {
            checkReturned("posix_spawnattr_destroy", (int) SPAWNATTR_DESTROY.invokeExact(capture(), attr));
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code int posix_spawnattr_setflags(posix_spawnattr_t *attr, short flags);} */
    public static void posix_spawnattr_setflags(MemorySegment attr, short flags) throws ErrnoException {
        try {
            checkReturned("posix_spawnattr_setflags", (int) SPAWNATTR_SETFLAGS.invokeExact(capture(), attr, flags));
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code int posix_spawnattr_setsigmask(posix_spawnattr_t *attr, const sigset_t *sigmask);} */
    public static void posix_spawnattr_setsigmask(MemorySegment attr, MemorySegment sigmask) throws ErrnoException {
        try {
            checkReturned("posix_spawnattr_setsigmask", (int) SPAWNATTR_SETSIGMASK.invokeExact(capture(), attr, sigmask));
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code int posix_spawnattr_setsigdefault(posix_spawnattr_t *attr, const sigset_t *sigdefault);} */
    public static void posix_spawnattr_setsigdefault(MemorySegment attr, MemorySegment sigdefault) throws ErrnoException {
        try {
            checkReturned("posix_spawnattr_setsigdefault",
                    (int) SPAWNATTR_SETSIGDEFAULT.invokeExact(capture(), attr, sigdefault));
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static MemorySegment cstr(Arena arena, String s) {
        return s == null ? MemorySegment.NULL : arena.allocateFrom(s);
    }
}
