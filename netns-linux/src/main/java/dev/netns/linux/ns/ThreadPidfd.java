package dev.netns.linux.ns;

import dev.netns.linux.ffi.ErrnoException;
import dev.netns.linux.ffi.LibC;

import java.lang.ref.Cleaner;

/**
 * Each platform thread's pidfd of itself ({@code pidfd_open(gettid(), PIDFD_THREAD)}, Linux 6.9),
 * opened on the thread's first namespace switch and kept for its life, so each later switch asks
 * the kernel for the thread's namespace with one ioctl instead of a procfs path walk. A
 * {@link Cleaner} closes it once the thread object is unreachable. Where pidfds of threads or the
 * namespace ioctl are missing, every thread falls back to {@code /proc/thread-self/ns/net}; the
 * system property {@code dev.netns.linux.pidfd=false} chooses that path from the start.
 */
final class ThreadPidfd {
    private static final Cleaner CLEANER = Cleaner.create(Thread.ofPlatform().daemon().name("netns-pidfd-cleaner").factory());
    // classes rather than lambdas here and below: a fresh JVM spins each lambda's class on first use
    private static final ThreadLocal<Integer> PIDFD = new ThreadLocal<>() {
        @Override
        protected Integer initialValue() {
            return open();
        }
    };
    private static volatile boolean unsupported = !Boolean.parseBoolean(System.getProperty("dev.netns.linux.pidfd", "true"));

    private ThreadPidfd() {
    }

    /** The calling thread's pidfd, or -1 when the kernel or C library cannot give one. */
    static int get() {
        return unsupported ? -1 : PIDFD.get();
    }

    /** Stops using pidfds in this JVM (the kernel refuses the namespace ioctl). */
    static void unsupported() {
        unsupported = true;
    }

    private static int open() {
        if (unsupported || !LibC.hasPidfdOpen()) {
            return -1;
        }
        try {
            int fd = LibC.pidfd_open(LibC.gettid(), LibC.PIDFD_THREAD);
            CLEANER.register(Thread.currentThread(), new CloseOnCleanup(fd));
            return fd;
        } catch (ErrnoException e) {
            unsupported = true; // ENOSYS, or EINVAL for PIDFD_THREAD before Linux 6.9
            return -1;
        }
    }

    /** Closes a dead thread's pidfd; holds nothing of the thread, so the thread can become unreachable. */
    private record CloseOnCleanup(int fd) implements Runnable {
        @Override
        public void run() {
            NsFile.closeQuietly(fd);
        }
    }
}
