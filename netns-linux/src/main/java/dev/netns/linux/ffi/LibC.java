package dev.netns.linux.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static dev.netns.linux.ffi.Native.call;
import static dev.netns.linux.ffi.Native.callLong;
import static dev.netns.linux.ffi.Native.cstr;
import static dev.netns.linux.ffi.Native.link;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The libc functions the library calls (the posix_spawn family is {@link Spawn}): one wrapper per
 * function, named after it, documented with its C prototype, returning its result or throwing
 * {@link ErrnoException} with the errno the call itself left. Each function's handle lives in a
 * holder class next to its wrapper and is linked on first use ({@link Native}).
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
    public static final int O_DIRECTORY = 0200000;
    public static final int O_CLOEXEC = 02000000;
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

    private LibC() {
    }

    /**
     * Links {@code setns}, {@code open} and {@code close} now rather than on first use, so that a JVM
     * denying native access ({@link IllegalCallerException}) or a C library without them
     * ({@link UnsatisfiedLinkError}) shows when the provider starts, not in the middle of an operation.
     */
    public static void linkEssentials() {
        java.util.Objects.requireNonNull(Setns.H);
        java.util.Objects.requireNonNull(Open.H);
        java.util.Objects.requireNonNull(Close.H);
    }

    /** {@code int unshare(int flags);} */
    public static void unshare(int flags) throws ErrnoException {
        call("unshare", c -> (int) Unshare.H.invokeExact(c, flags));
    }

    private static final class Unshare {
        static final MethodHandle H = link("unshare", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }

    /** {@code int setns(int fd, int nstype);} */
    public static void setns(int fd, int nstype) throws ErrnoException {
        call("setns", c -> (int) Setns.H.invokeExact(c, fd, nstype));
    }

    private static final class Setns {
        static final MethodHandle H = link("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    }

    /** {@code int open(const char *pathname, int flags, mode_t mode);} {@code O_CLOEXEC} is always added. */
    public static int open(String path, int flags, int mode) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            return open(arena.allocateFrom(path), flags, mode);
        }
    }

    /** {@code int open(const char *pathname, int flags, mode_t mode);} with a path already encoded; {@code O_CLOEXEC} is always added. */
    public static int open(MemorySegment path, int flags, int mode) throws ErrnoException {
        return call("open", c -> (int) Open.H.invokeExact(c, path, flags | O_CLOEXEC, mode));
    }

    private static final class Open {
        static final MethodHandle H = link("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
                Linker.Option.firstVariadicArg(2));
    }

    /** {@code int close(int fd);} */
    public static void close(int fd) throws ErrnoException {
        call("close", c -> (int) Close.H.invokeExact(c, fd));
    }

    private static final class Close {
        static final MethodHandle H = link("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }

    /**
     * {@code int mount(const char *source, const char *target, const char *filesystemtype,
     * unsigned long mountflags, const void *data);} {@code null} strings pass NULL.
     */
    public static void mount(String source, String target, String fsType, long flags) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment src = cstr(arena, source);
            MemorySegment dst = cstr(arena, target);
            MemorySegment type = cstr(arena, fsType);
            call("mount", c -> (int) Mount.H.invokeExact(c, src, dst, type, flags, MemorySegment.NULL));
        }
    }

    private static final class Mount {
        static final MethodHandle H = link("mount", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    }

    /** {@code int umount2(const char *target, int flags);} */
    public static void umount2(String target, int flags) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment path = arena.allocateFrom(target);
            call("umount2", c -> (int) Umount2.H.invokeExact(c, path, flags));
        }
    }

    private static final class Umount2 {
        static final MethodHandle H = link("umount2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
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
            call("fstat", c -> (int) Fstat.H.invokeExact(c, fd, buf));
            return FileId.of(buf);
        }
    }

    private static final class Fstat {
        static final MethodHandle H = link("fstat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    }

    /** {@code int stat(const char *pathname, struct stat *statbuf);} returning {@code st_dev} and {@code st_ino}. */
    public static FileId stat(String path) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocateFrom(path);
            MemorySegment buf = arena.allocate(Layouts.STAT);
            call("stat", c -> (int) Stat.H.invokeExact(c, p, buf));
            return FileId.of(buf);
        }
    }

    private static final class Stat {
        static final MethodHandle H = link("stat", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    }

    /** {@code int fstatfs(int fd, struct statfs *buf);} returning {@code f_type}, the file system's magic number. */
    public static long fstatfs(int fd) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(Layouts.STATFS);
            call("fstatfs", c -> (int) Fstatfs.H.invokeExact(c, fd, buf));
            return (long) Layouts.STATFS_TYPE.get(buf, 0L);
        }
    }

    private static final class Fstatfs {
        static final MethodHandle H = link("fstatfs", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    }

    /**
     * {@code int ioctl(int fd, unsigned long request, 0);} for requests without an argument, such as
     * {@code NS_GET_NSTYPE}. The argument is passed as 0: some requests refuse a non-zero one.
     */
    public static int ioctl(int fd, long request) throws ErrnoException {
        return call("ioctl", c -> (int) Ioctl.H.invokeExact(c, fd, request, 0L));
    }

    private static final class Ioctl {
        static final MethodHandle H = link("ioctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG),
                Linker.Option.firstVariadicArg(2));
    }

    /** Whether this C library has {@code pidfd_open} (glibc 2.36). */
    public static boolean hasPidfdOpen() {
        return PidfdOpen.H != null;
    }

    /** {@code int pidfd_open(pid_t pid, unsigned int flags);} {@code ENOSYS} when the C library lacks it. */
    public static int pidfd_open(int pid, int flags) throws ErrnoException {
        if (PidfdOpen.H == null) {
            throw new ErrnoException("pidfd_open", Errno.ENOSYS);
        }
        return call("pidfd_open", c -> (int) PidfdOpen.H.invokeExact(c, pid, flags));
    }

    private static final class PidfdOpen {
        static final MethodHandle H = Native.linkOptional("pidfd_open", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    }

    /** {@code pid_t gettid(void);} */
    public static int gettid() {
        return Native.callInfallible(c -> (int) Gettid.H.invokeExact(c));
    }

    private static final class Gettid {
        static final MethodHandle H = link("gettid", FunctionDescriptor.of(JAVA_INT));
    }

    /** {@code int mkdir(const char *pathname, mode_t mode);} */
    public static void mkdir(String path, int mode) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocateFrom(path);
            call("mkdir", c -> (int) Mkdir.H.invokeExact(c, p, mode));
        }
    }

    private static final class Mkdir {
        static final MethodHandle H = link("mkdir", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    }

    /** {@code int unlink(const char *pathname);} */
    public static void unlink(String path) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocateFrom(path);
            call("unlink", c -> (int) Unlink.H.invokeExact(c, p));
        }
    }

    private static final class Unlink {
        static final MethodHandle H = link("unlink", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    }

    /** {@code int flock(int fd, int operation);} */
    public static void flock(int fd, int operation) throws ErrnoException {
        call("flock", c -> (int) Flock.H.invokeExact(c, fd, operation));
    }

    private static final class Flock {
        static final MethodHandle H = link("flock", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    }

    /** {@code int socket(int domain, int type, int protocol);} {@code SOCK_CLOEXEC} is always added. */
    public static int socket(int domain, int type, int protocol) throws ErrnoException {
        return call("socket", c -> (int) Socket.H.invokeExact(c, domain, type | SOCK_CLOEXEC, protocol));
    }

    private static final class Socket {
        static final MethodHandle H = link("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    }

    /** {@code int bind(int sockfd, const struct sockaddr *addr, socklen_t addrlen);} */
    public static void bind(int fd, MemorySegment addr) throws ErrnoException {
        call("bind", c -> (int) Bind.H.invokeExact(c, fd, addr, (int) addr.byteSize()));
    }

    private static final class Bind {
        static final MethodHandle H = link("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    }

    /** {@code int getsockname(int sockfd, struct sockaddr *addr, socklen_t *addrlen);} fills {@code addr}. */
    public static void getsockname(int fd, MemorySegment addr) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment len = arena.allocateFrom(JAVA_INT, (int) addr.byteSize());
            call("getsockname", c -> (int) Getsockname.H.invokeExact(c, fd, addr, len));
        }
    }

    private static final class Getsockname {
        static final MethodHandle H = link("getsockname", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    }

    /** {@code int setsockopt(int sockfd, int level, int optname, const void *optval, socklen_t optlen);} */
    public static void setsockopt(int fd, int level, int option, MemorySegment value) throws ErrnoException {
        call("setsockopt", c -> (int) Setsockopt.H.invokeExact(c, fd, level, option, value, (int) value.byteSize()));
    }

    /** {@code setsockopt} with an {@code int} value. */
    public static void setsockopt(int fd, int level, int option, int value) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            setsockopt(fd, level, option, arena.allocateFrom(JAVA_INT, value));
        }
    }

    private static final class Setsockopt {
        static final MethodHandle H = link("setsockopt",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    }

    /** {@code ssize_t send(int sockfd, const void *buf, size_t len, int flags);} */
    public static long send(int fd, MemorySegment buf, long length, int flags) throws ErrnoException {
        return callLong("send", c -> (long) Send.H.invokeExact(c, fd, buf, length, flags));
    }

    private static final class Send {
        static final MethodHandle H = link("send", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    }

    /** {@code ssize_t recv(int sockfd, void *buf, size_t len, int flags);} */
    public static long recv(int fd, MemorySegment buf, long length, int flags) throws ErrnoException {
        return callLong("recv", c -> (long) Recv.H.invokeExact(c, fd, buf, length, flags));
    }

    private static final class Recv {
        static final MethodHandle H = link("recv", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    }

    /** {@code int fcntl(int fd, int cmd, int arg);} for the commands that take an int, such as {@code F_DUPFD_CLOEXEC}. */
    public static int fcntl(int fd, int command, int argument) throws ErrnoException {
        return call("fcntl", c -> (int) Fcntl.H.invokeExact(c, fd, command, argument));
    }

    private static final class Fcntl {
        static final MethodHandle H = link("fcntl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
                Linker.Option.firstVariadicArg(2));
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
