package dev.netns.linux.ns;

import dev.netns.NamespaceCallable;
import dev.netns.NetnsException;
import dev.netns.linux.ffi.Failures;
import dev.netns.linux.ffi.Failures.Subject;
import dev.netns.linux.ffi.Errno;
import dev.netns.linux.ffi.ErrnoException;
import dev.netns.linux.ffi.LibC;
import dev.netns.linux.nsfs.HomeNamespace;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Moving the current OS thread into a network namespace for the duration of a task, and back.
 *
 * <p>A platform thread is one OS thread for its whole life, so it can enter in place: open its
 * current namespace ({@code /proc/thread-self/ns/net}, never {@code /proc/self}, which is the main
 * thread's), {@code setns} into the target, run, {@code setns} back. A virtual thread may move
 * between carriers at any blocking point, so it never enters: {@link Workers} runs its task on a
 * platform thread instead.
 *
 * <p>If the way back fails the thread is stranded in a foreign namespace. It is then marked and
 * refused any further namespace work (and a worker thread ends), so code that trusts it to be in
 * its own namespace cannot silently run elsewhere.
 */
final class ThreadSwitch {
    private static final String THREAD_SELF_NET = "/proc/thread-self/ns/net";
    private static final MemorySegment THREAD_SELF_NET_C = Arena.global().allocateFrom(THREAD_SELF_NET);

    /** Set on a thread whose namespace could not be restored: the label of where it was left. */
    private static final ThreadLocal<String> STRANDED = new ThreadLocal<>();

    static {
        // holding the process's own namespace open keeps the kernel's nsfs dentry for it alive; without
        // that, every way back to it allocates and frees one (a third of a switch's cost)
        HomeNamespace.fd();
    }

    private ThreadSwitch() {
    }

    /**
     * Runs {@code task} with the namespace of {@code targetFd} as the current thread's network
     * namespace, in place on a platform thread, on a worker for a virtual thread.
     */
    public static <T, X extends Exception> T call(int targetFd, String label, NamespaceCallable<T, X> task)
            throws X, NetnsException {
        if (Thread.currentThread().isVirtual()) {
            return Workers.call(targetFd, label, task);
        }
        return inPlace(targetFd, label, task);
    }

    /**
     * Runs {@code task} on a platform thread (the current one, or a worker for a virtual thread)
     * and afterwards restores that thread's network namespace, whatever {@code task} did to it.
     * Used for operations that change the namespace themselves ({@code unshare}).
     */
    public static <T, X extends Exception> T restoring(String label, NamespaceCallable<T, X> task)
            throws X, NetnsException {
        if (Thread.currentThread().isVirtual()) {
            return Workers.call(-1, label, task);
        }
        return inPlace(-1, label, task);
    }

    /** Enter {@code targetFd} (or stay, for -1), run, and return to where the thread was. */
    static <T, X extends Exception> T inPlace(int targetFd, String label, NamespaceCallable<T, X> task)
            throws X, NetnsException {
        String stranded = STRANDED.get();
        if (stranded != null) {
            throw new IllegalStateException("this thread could not be returned from network namespace " + stranded
                    + " and is no longer used for namespace work; use another thread");
        }
        int back;
        try {
            back = currentNamespace();
        } catch (ErrnoException e) {
            throw Failures.of(e, Subject.OTHER, THREAD_SELF_NET);
        }
        try {
            if (targetFd >= 0) {
                try {
                    LibC.setns(targetFd, LibC.CLONE_NEWNET);
                } catch (ErrnoException e) {
                    throw Failures.of(e, Subject.NAMESPACE, label);
                }
            }
            Throwable failure = null;
            try {
                return task.call();
            } catch (Throwable t) {
                failure = t;
                throw t;
            } finally {
                restore(back, label, failure);
            }
        } finally {
            NsFile.closeQuietly(back);
        }
    }

    /**
     * A new descriptor of the calling thread's current network namespace: the way back. From the
     * thread's own pidfd where the kernel offers it ({@code PIDFD_GET_NET_NAMESPACE}, Linux 6.11),
     * which costs a third of opening {@code /proc/thread-self/ns/net} (a procfs path walk);
     * otherwise from that file.
     */
    static int currentNamespace() throws ErrnoException {
        int pidfd = ThreadPidfd.get();
        if (pidfd >= 0) {
            try {
                return LibC.ioctl(pidfd, LibC.PIDFD_GET_NET_NAMESPACE);
            } catch (ErrnoException e) {
                if (e.errno() != Errno.EINVAL && e.errno() != Errno.ENOTTY) {
                    throw e;
                }
                ThreadPidfd.unsupported(); // a kernel before 6.11: the ioctl does not exist
            }
        }
        return LibC.open(THREAD_SELF_NET_C, LibC.O_RDONLY, 0);
    }

    private static void restore(int back, String label, Throwable taskFailure) {
        try {
            LibC.setns(back, LibC.CLONE_NEWNET);
        } catch (ErrnoException e) {
            if (alreadyIn(back)) {
                return; // the task never left (e.g. an unshare refused for lack of privilege, which refuses setns too)
            }
            STRANDED.set(label);
            IllegalStateException x = new IllegalStateException("could not return thread '"
                    + Thread.currentThread().getName() + "' from network namespace " + label
                    + "; the thread is no longer used for namespace work", e);
            if (taskFailure != null) {
                x.addSuppressed(taskFailure);
            }
            throw x;
        }
    }

    /** Whether the calling thread's network namespace is that of {@code fd} (only asked when a restore failed). */
    private static boolean alreadyIn(int fd) {
        try {
            return LibC.fstat(fd).equals(LibC.stat(THREAD_SELF_NET));
        } catch (ErrnoException e) {
            return false;
        }
    }

    /** Whether the current thread was stranded by a failed restore. */
    static boolean isStranded() {
        return STRANDED.get() != null;
    }

    /** Marks the current thread stranded (a worker that could not reach the home namespace). */
    static void strand(String label) {
        STRANDED.set(label);
    }
}
