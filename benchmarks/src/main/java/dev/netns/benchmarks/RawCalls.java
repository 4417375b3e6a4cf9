package dev.netns.benchmarks;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The few libc calls {@link JoinBenchmark} measures bare, as floors under what the library does: the
 * benchmark's own downcalls through the public FFM API, not the library's internals. No errno
 * capture (the C reference does none either): a failing call throws naming the call and its result.
 */
@SuppressWarnings("restricted")
final class RawCalls {
    /** {@code CLONE_NEWNET}, {@code <sched.h>}. */
    static final int CLONE_NEWNET = 0x40000000;
    /** {@code O_RDONLY | O_CLOEXEC}, {@code <fcntl.h>}. */
    static final int O_RDONLY_CLOEXEC = 02000000;
    /** {@code PIDFD_THREAD} (= {@code O_EXCL}), {@code <linux/pidfd.h>}, Linux 6.9: a pidfd of one thread. */
    static final int PIDFD_THREAD = 0200;
    /** {@code PIDFD_GET_NET_NAMESPACE} = {@code _IO(0xFF, 4)}, {@code <linux/pidfd.h>}, Linux 6.11. */
    static final long PIDFD_GET_NET_NAMESPACE = 0xFF04L;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final MethodHandle SETNS = link("setns", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    // open and ioctl are variadic in C: their third argument is passed as one
    private static final MethodHandle OPEN = link("open", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle CLOSE = link("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle IOCTL = link("ioctl", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_LONG), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle GETTID = link("gettid", FunctionDescriptor.of(ValueLayout.JAVA_INT));
    private static final MethodHandle PIDFD_OPEN = link("pidfd_open", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    /** A path for {@link #open}, made once: the benchmark measures the call, not the string's conversion. */
    private static final MemorySegment THREAD_NETNS = Arena.global().allocateFrom("/proc/thread-self/ns/net");

    private RawCalls() {
    }

    private static MethodHandle link(String name, FunctionDescriptor d, Linker.Option... options) {
        MemorySegment symbol = LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(symbol, d, options);
    }

    /** {@code int setns(int fd, int nstype);} */
    static void setns(int fd, int nstype) {
        int r;
        try {
            r = (int) SETNS.invokeExact(fd, nstype);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        check("setns", r);
    }

    /** {@code int open(const char *path, O_RDONLY | O_CLOEXEC, 0);} of a path made with {@link #path}. */
    static int open(MemorySegment path) {
        int r;
        try {
            r = (int) OPEN.invokeExact(path, O_RDONLY_CLOEXEC, 0);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        return check("open", r);
    }

    /** {@code /proc/thread-self/ns/net} as a C string. */
    static MemorySegment threadNetns() {
        return THREAD_NETNS;
    }

    /** A C string in the global arena, for setup code. */
    static MemorySegment path(String path) {
        return Arena.global().allocateFrom(path);
    }

    /** {@code int close(int fd);} */
    static void close(int fd) {
        int r;
        try {
            r = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        check("close", r);
    }

    /** {@code int ioctl(int fd, unsigned long request, 0);} for requests without an argument. */
    static int ioctl(int fd, long request) {
        int r;
        try {
            r = (int) IOCTL.invokeExact(fd, request, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        return check("ioctl", r);
    }

    /** {@code pid_t gettid(void);} */
    static int gettid() {
        try {
            return (int) GETTID.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** {@code int pidfd_open(pid_t pid, unsigned int flags);} */
    static int pidfdOpen(int pid, int flags) {
        int r;
        try {
            r = (int) PIDFD_OPEN.invokeExact(pid, flags);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        return check("pidfd_open", r);
    }

    private static int check(String call, int result) {
        if (result < 0) {
            throw new IllegalStateException(call + " returned " + result);
        }
        return result;
    }
}
