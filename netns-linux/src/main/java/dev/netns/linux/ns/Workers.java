package dev.netns.linux.ns;

import dev.netns.NamespaceCallable;
import dev.netns.NetnsException;
import dev.netns.linux.ffi.ErrnoException;
import dev.netns.linux.ffi.LibC;
import dev.netns.linux.nsfs.HomeNamespace;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Platform threads that run namespace tasks for virtual threads, which must never enter a
 * namespace themselves (their carrier would carry the namespace to unrelated virtual threads).
 *
 * <p>Unbounded and cached: tasks may block on each other (a server task and a client task in one
 * pod), so a fixed pool could deadlock. Idle workers end after 30 seconds. A worker starts in the
 * namespace of whichever thread created it, so it first moves to the process's own namespace
 * ({@link HomeNamespace}); a worker that cannot, or that is stranded by a failed restore, ends
 * after answering its task.
 */
final class Workers {
    private static final AtomicInteger COUNT = new AtomicInteger();
    private static final ThreadPoolExecutor POOL = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), Workers::newWorker);

    private Workers() {
    }

    private static Thread newWorker(Runnable loop) {
        return Thread.ofPlatform()
                .daemon()
                .name("netns-worker-" + COUNT.incrementAndGet())
                .uncaughtExceptionHandler((t, e) -> {
                    // a stranded worker ends by throwing Retired; anything else is already reported to the caller
                })
                .unstarted(() -> {
                    try {
                        LibC.setns(HomeNamespace.fd(), LibC.CLONE_NEWNET);
                    } catch (ErrnoException e) {
                        ThreadSwitch.strand("(home namespace unreachable: " + e.getMessage() + ")");
                    }
                    loop.run();
                });
    }

    static <T, X extends Exception> T call(int targetFd, String label, NamespaceCallable<T, X> task)
            throws X, NetnsException {
        CompletableFuture<T> result = new CompletableFuture<>();
        POOL.execute(() -> {
            try {
                result.complete(ThreadSwitch.inPlace(targetFd, label, task));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
            if (ThreadSwitch.isStranded()) {
                throw new Retired();
            }
        });
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    // the task runs on regardless; wait for it and keep the interrupt for the caller
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw Workers.<X>sneaky(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Rethrows the task's own exception unchanged (its checked type is the caller's {@code X}). */
    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
        throw (E) t;
    }

    /** Ends a worker thread that must not run namespace work again. */
    private static final class Retired extends Error {
        private static final long serialVersionUID = 1L;

        Retired() {
            super("netns worker retired", null, false, false);
        }
    }
}
