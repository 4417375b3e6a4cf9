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
    public static final int O_DIRECTORY = 0200000;
    public static final int O_CLOEXEC = 02000000;
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
    public static final int LOCK_UN = 8;
    // <linux/magic.h>
    public static final long NSFS_MAGIC = 0x6e736673L;
    // <linux/nsfs.h>: _IO(0xb7, 0x3)
    public static final long NS_GET_NSTYPE = 0xb703L;
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
    private static final MethodHandle IOCTL = link("ioctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG),
            Linker.Option.firstVariadicArg(2));
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

    private LibC() {
    }

    /**
     * Links one libc function with errno capture. The only place that performs the restricted
     * linker operation; a missing symbol is reported by name.
     */
    @SuppressWarnings("restricted")
    private static MethodHandle link(String name, FunctionDescriptor descriptor, Linker.Option... extra) {
        MemorySegment symbol = LIBC.find(name).orElseThrow(() ->
                new UnsatisfiedLinkError("libc has no function '" + name + "' (needs glibc 2.30 or newer, or musl)"));
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

    /** {@code int ioctl(int fd, unsigned long request);} for requests without an argument, such as {@code NS_GET_NSTYPE}. */
    public static int ioctl(int fd, long request) throws ErrnoException {
        MemorySegment c = capture();
        try {
            return check("ioctl", (int) IOCTL.invokeExact(c, fd, request), c);
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

    private static MemorySegment cstr(Arena arena, String s) {
        return s == null ? MemorySegment.NULL : arena.allocateFrom(s);
    }
}
