package dev.netns.linux.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static dev.netns.linux.ffi.Native.address;
import static dev.netns.linux.ffi.Native.call;
import static dev.netns.linux.ffi.Native.cstr;
import static dev.netns.linux.ffi.Native.link;
import static dev.netns.linux.ffi.Native.syscall;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The libc functions the library calls (the posix_spawn family is {@link Spawn}): one wrapper per
 * function, named after it, documented with its C prototype, returning its result or throwing
 * {@link ErrnoException} with the errno the call itself left.
 *
 * <p>Most wrappers make their system call by number through one downcall handle,
 * {@code syscall(2)} ({@link Native#syscall}): a fresh JVM pays for every distinct downcall shape it
 * links, and one shared shape makes the first namespace of a process several shapes cheaper. The
 * calls that keep a handle of their own (the process calls) live in holder classes next to their
 * wrappers, linked on first use.
 * Strings and out-parameters live in a confined arena per call.
 */
public final class LibC {
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
    public static final int O_NONBLOCK = 04000;
    public static final int O_DIRECTORY = 0200000;
    public static final int O_CLOEXEC = 02000000;
    /** Fail with {@code ELOOP} instead of following a symbolic link in the last path component. */
    public static final int O_NOFOLLOW = 0400000;
    /** A descriptor that only locates a file (fstat, fstatfs, /proc/self/fd reopen); opening it has no side effects. */
    public static final int O_PATH = 010000000;
    public static final int F_DUPFD_CLOEXEC = 1030;
    // <signal.h>
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;
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
    /** umount2 flag: do not dereference the target if it is a symbolic link. */
    public static final int UMOUNT_NOFOLLOW = 8;
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
    /** recv flag: return {@code EAGAIN} instead of blocking when nothing is queued. */
    public static final int MSG_DONTWAIT = 0x40;
    // <poll.h>
    /** poll event: data to read. */
    public static final short POLLIN = 0x1;

    private LibC() {
    }

    /**
     * Links {@code syscall} (through which most wrappers here go, see {@link Native#syscall}) now
     * rather than on first use, so that a JVM denying native access ({@link IllegalCallerException}),
     * a C library without it or an unknown architecture ({@link UnsatisfiedLinkError}) shows when the
     * provider starts, not in the middle of an operation.
     */
    public static void linkEssentials() {
        Native.linkSyscall();
    }

    /** {@code int unshare(int flags);} */
    public static void unshare(int flags) throws ErrnoException {
        syscall("unshare", Syscalls.UNSHARE, flags, 0, 0, 0, 0);
    }

    /** {@code int setns(int fd, int nstype);} */
    public static void setns(int fd, int nstype) throws ErrnoException {
        syscall("setns", Syscalls.SETNS, fd, nstype, 0, 0, 0);
    }

    /** {@code int open(const char *pathname, int flags, mode_t mode);} {@code O_CLOEXEC} is always added. */
    public static int open(String path, int flags, int mode) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            return open(arena.allocateFrom(path), flags, mode);
        }
    }

    /**
     * {@code int open(const char *pathname, int flags, mode_t mode);} with a path already encoded
     * (in a confined arena of the caller's or the global one); {@code O_CLOEXEC} is always added.
     * Made as {@code openat(AT_FDCWD, ...)}.
     */
    public static int open(MemorySegment path, int flags, int mode) throws ErrnoException {
        return (int) syscall("open", Syscalls.OPENAT, Syscalls.AT_FDCWD, address(path), flags | O_CLOEXEC, mode, 0);
    }

    /**
     * {@code int openat(int dirfd, const char *pathname, int flags, mode_t mode);} with a name already
     * encoded (in a confined arena of the caller's); {@code O_CLOEXEC} is always added.
     */
    public static int openat(int dirFd, MemorySegment name, int flags, int mode) throws ErrnoException {
        return (int) syscall("openat", Syscalls.OPENAT, dirFd, address(name), flags | O_CLOEXEC, mode, 0);
    }

    /**
     * {@code ssize_t read(int fd, void *buf, size_t count);} into {@code buf}, which must stay
     * allocated during the call (a confined arena of the caller's).
     */
    public static long read(int fd, MemorySegment buf, long length) throws ErrnoException {
        checkBounds(buf, length);
        return syscall("read", Syscalls.READ, fd, address(buf), length, 0, 0);
    }

    /**
     * The calling process's effective capability set: {@code capget(2)} with
     * {@code _LINUX_CAPABILITY_VERSION_3} (two 32-bit words, {@code effective} first in each).
     */
    public static long effectiveCapabilities() throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment header = arena.allocate(8); // struct __user_cap_header_struct {u32 version; int pid;}
            header.set(JAVA_INT, 0, 0x20080522);     // pid 0: this process
            MemorySegment data = arena.allocate(24);  // struct __user_cap_data_struct {u32 effective, permitted, inheritable;}[2]
            syscall("capget", Syscalls.CAPGET, address(header), address(data), 0, 0, 0);
            return Integer.toUnsignedLong(data.get(JAVA_INT, 0)) | Integer.toUnsignedLong(data.get(JAVA_INT, 12)) << 32;
        }
    }

    /** {@code int close(int fd);} */
    public static void close(int fd) throws ErrnoException {
        syscall("close", Syscalls.CLOSE, fd, 0, 0, 0, 0);
    }

    /**
     * {@code int mount(const char *source, const char *target, const char *filesystemtype,
     * unsigned long mountflags, const void *data);} {@code null} strings pass NULL.
     */
    public static void mount(String source, String target, String fsType, long flags) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            syscall("mount", Syscalls.MOUNT, address(cstr(arena, source)), address(cstr(arena, target)),
                    address(cstr(arena, fsType)), flags, 0);
        }
    }

    /** {@code int umount2(const char *target, int flags);} */
    public static void umount2(String target, int flags) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            syscall("umount2", Syscalls.UMOUNT2, address(arena.allocateFrom(target)), flags, 0, 0, 0);
        }
    }

    /** The identity fields of {@code struct stat}. */
    public record FileId(long device, long inode) {
        static FileId of(MemorySegment stat) {
            return new FileId((long) Layouts.STAT_DEV.get(stat, 0L), (long) Layouts.STAT_INO.get(stat, 0L));
        }
    }

    /** {@code int fstat(int fd, struct stat *statbuf);} returning {@code st_dev} and {@code st_ino}. */
    public static FileId fstat(int fd) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(Layouts.STAT);
            syscall("fstat", Syscalls.FSTAT, fd, address(buf), 0, 0, 0);
            return FileId.of(buf);
        }
    }

    /** The owner and mode fields of {@code struct stat}. */
    public record FileOwner(int uid, int mode) {
    }

    /** {@code int fstat(int fd, struct stat *statbuf);} returning {@code st_uid} and {@code st_mode}. */
    public static FileOwner fstatOwner(int fd) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(Layouts.STAT);
            syscall("fstat", Syscalls.FSTAT, fd, address(buf), 0, 0, 0);
            return new FileOwner(buf.get(JAVA_INT, Syscalls.STAT_UID_OFFSET),
                    buf.get(JAVA_INT, Syscalls.STAT_MODE_OFFSET));
        }
    }

    /**
     * {@code int stat(const char *pathname, struct stat *statbuf);} returning {@code st_dev} and
     * {@code st_ino}. Made as {@code fstatat(AT_FDCWD, pathname, statbuf, 0)}.
     */
    public static FileId stat(String path) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(Layouts.STAT);
            syscall("stat", Syscalls.NEWFSTATAT, Syscalls.AT_FDCWD, address(arena.allocateFrom(path)), address(buf), 0, 0);
            return FileId.of(buf);
        }
    }

    /** {@code int fstatfs(int fd, struct statfs *buf);} returning {@code f_type}, the file system's magic number. */
    public static long fstatfs(int fd) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(Layouts.STATFS);
            syscall("fstatfs", Syscalls.FSTATFS, fd, address(buf), 0, 0, 0);
            return (long) Layouts.STATFS_TYPE.get(buf, 0L);
        }
    }

    /**
     * {@code int ioctl(int fd, unsigned long request, 0);} for requests without an argument, such as
     * {@code NS_GET_NSTYPE}. The argument is passed as 0: some requests refuse a non-zero one.
     */
    public static int ioctl(int fd, long request) throws ErrnoException {
        return (int) syscall("ioctl", Syscalls.IOCTL, fd, request, 0, 0, 0);
    }

    /**
     * Whether {@code pidfd_open} can be called: always, since it is made by number ({@code ENOSYS}
     * from kernels before 5.3).
     */
    public static boolean hasPidfdOpen() {
        return true;
    }

    /** {@code int pidfd_open(pid_t pid, unsigned int flags);} {@code ENOSYS} when the kernel lacks it. */
    public static int pidfd_open(int pid, int flags) throws ErrnoException {
        return (int) syscall("pidfd_open", Syscalls.PIDFD_OPEN, pid, flags, 0, 0, 0);
    }

    /** {@code pid_t gettid(void);} */
    public static int gettid() {
        try {
            return (int) syscall("gettid", Syscalls.GETTID, 0, 0, 0, 0, 0);
        } catch (ErrnoException cannotFail) {
            throw new IllegalStateException(cannotFail);
        }
    }

    /** {@code int mkdir(const char *pathname, mode_t mode);} made as {@code mkdirat(AT_FDCWD, ...)}. */
    public static void mkdir(String path, int mode) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            syscall("mkdir", Syscalls.MKDIRAT, Syscalls.AT_FDCWD, address(arena.allocateFrom(path)), mode, 0, 0);
        }
    }

    /** {@code S_IFREG} of {@code <sys/stat.h>}: a regular file, for {@link #mknod}. */
    public static final int S_IFREG = 0100000;

    /**
     * {@code int mknod(const char *pathname, mode_t mode, dev_t dev);} made as
     * {@code mknodat(AT_FDCWD, ...)}: with {@link #S_IFREG}, an empty file created exclusively
     * ({@code EEXIST} if the name is taken) without opening it.
     */
    public static void mknod(String path, int mode) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            syscall("mknod", Syscalls.MKNODAT, Syscalls.AT_FDCWD, address(arena.allocateFrom(path)), mode, 0, 0);
        }
    }

    /** {@code int unlink(const char *pathname);} made as {@code unlinkat(AT_FDCWD, pathname, 0)}. */
    public static void unlink(String path) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            syscall("unlink", Syscalls.UNLINKAT, Syscalls.AT_FDCWD, address(arena.allocateFrom(path)), 0, 0, 0);
        }
    }

    /** {@code int flock(int fd, int operation);} */
    public static void flock(int fd, int operation) throws ErrnoException {
        syscall("flock", Syscalls.FLOCK, fd, operation, 0, 0, 0);
    }

    /** {@code int socket(int domain, int type, int protocol);} {@code SOCK_CLOEXEC} is always added. */
    public static int socket(int domain, int type, int protocol) throws ErrnoException {
        return (int) syscall("socket", Syscalls.SOCKET, domain, type | SOCK_CLOEXEC, protocol, 0, 0);
    }

    /** {@code int bind(int sockfd, const struct sockaddr *addr, socklen_t addrlen);} {@code addr} in a confined arena. */
    public static void bind(int fd, MemorySegment addr) throws ErrnoException {
        syscall("bind", Syscalls.BIND, fd, address(addr), addr.byteSize(), 0, 0);
    }

    /**
     * {@code int getsockname(int sockfd, struct sockaddr *addr, socklen_t *addrlen);} fills
     * {@code addr} (in a confined arena).
     */
    public static void getsockname(int fd, MemorySegment addr) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment len = arena.allocateFrom(JAVA_INT, (int) addr.byteSize());
            syscall("getsockname", Syscalls.GETSOCKNAME, fd, address(addr), address(len), 0, 0);
        }
    }

    /**
     * {@code int setsockopt(int sockfd, int level, int optname, const void *optval, socklen_t optlen);}
     * {@code value} in a confined arena.
     */
    public static void setsockopt(int fd, int level, int option, MemorySegment value) throws ErrnoException {
        syscall("setsockopt", Syscalls.SETSOCKOPT, fd, level, option, address(value), value.byteSize());
    }

    /** {@code setsockopt} with an {@code int} value. */
    public static void setsockopt(int fd, int level, int option, int value) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            setsockopt(fd, level, option, arena.allocateFrom(JAVA_INT, value));
        }
    }

    /**
     * {@code ssize_t send(int sockfd, const void *buf, size_t len, int flags);} made as
     * {@code sendto(sockfd, buf, len, flags, NULL, 0)}. {@code buf} must stay allocated during the
     * call: a confined arena of the caller's, or memory only the caller's own thread can free.
     */
    public static long send(int fd, MemorySegment buf, long length, int flags) throws ErrnoException {
        checkBounds(buf, length);
        return syscall("send", Syscalls.SENDTO, fd, address(buf), length, flags, 0);
    }

    /**
     * {@code int poll(struct pollfd *fds, nfds_t nfds, int timeout);} for one descriptor: whether
     * {@code events} arrived within {@code timeoutMillis}. {@code EINTR} (a signal) reads as "not yet".
     */
    public static boolean poll(int fd, short events, int timeoutMillis) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pfd = arena.allocate(Layouts.POLLFD);
            Layouts.POLLFD_FD.set(pfd, 0L, fd);
            Layouts.POLLFD_EVENTS.set(pfd, 0L, events);
            // made as ppoll (aarch64 has no poll): a relative timeout, none when negative, no signal mask
            long timeout = 0;
            if (timeoutMillis >= 0) {
                MemorySegment ts = arena.allocate(Layouts.TIMESPEC);
                Layouts.TIMESPEC_SEC.set(ts, 0L, timeoutMillis / 1000L);
                Layouts.TIMESPEC_NSEC.set(ts, 0L, (timeoutMillis % 1000) * 1_000_000L);
                timeout = address(ts);
            }
            return syscall("poll", Syscalls.PPOLL, address(pfd), 1, timeout, 0, 0) > 0;
        } catch (ErrnoException e) {
            if (e.errno() == Errno.EINTR) {
                return false;
            }
            throw e;
        }
    }

    /**
     * {@code ssize_t recv(int sockfd, void *buf, size_t len, int flags);} made as
     * {@code recvfrom(sockfd, buf, len, flags, NULL, NULL)}. {@code buf} must stay allocated during
     * the call: a netlink socket's buffer is freed only by its {@code close()}, which the socket's
     * owners never run while a receive is in progress.
     */
    public static long recv(int fd, MemorySegment buf, long length, int flags) throws ErrnoException {
        checkBounds(buf, length);
        return syscall("recv", Syscalls.RECVFROM, fd, address(buf), length, flags, 0);
    }

    private static void checkBounds(MemorySegment buf, long length) {
        if (length < 0 || length > buf.byteSize()) {
            throw new IndexOutOfBoundsException("length " + length + " outside a buffer of " + buf.byteSize() + " bytes");
        }
    }

    /** {@code int fcntl(int fd, int cmd, int arg);} for the commands that take an int, such as {@code F_DUPFD_CLOEXEC}. */
    public static int fcntl(int fd, int command, int argument) throws ErrnoException {
        return (int) syscall("fcntl", Syscalls.FCNTL, fd, command, argument, 0, 0);
    }

    /** {@code int pipe2(int pipefd[2], int flags);} returning {read end, write end}. */
    public static int[] pipe2(int flags) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            call("pipe2", c -> (int) Pipe2.H.invokeExact(c, fds, flags));
            return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        }
    }

    private static final class Pipe2 {
        static final MethodHandle H = link("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    }

    /** {@code int kill(pid_t pid, int sig);} */
    public static void kill(int pid, int signal) throws ErrnoException {
        call("kill", c -> (int) Kill.H.invokeExact(c, pid, signal));
    }

    private static final class Kill {
        static final MethodHandle H = link("kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
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
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(Layouts.SIGINFO);
            call("waitid", c -> (int) Waitid.H.invokeExact(c, idType, id, info, options));
            return new ChildExit((int) Layouts.SIGINFO_CODE.get(info, 0L), (int) Layouts.SIGINFO_STATUS.get(info, 0L));
        }
    }

    private static final class Waitid {
        static final MethodHandle H = link("waitid", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    }
}
