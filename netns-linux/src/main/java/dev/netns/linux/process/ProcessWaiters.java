package dev.netns.linux.process;

import dev.netns.linux.ffi.ErrnoException;
import dev.netns.linux.ffi.LibC;
import dev.netns.linux.nsfs.HomeNamespace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads that wait for {@link NamespacedProcess} children to exit, one per running child, as
 * the JDK's "process reaper" threads do for its own.
 *
 * <p>Cached and unbounded (each waiter blocks for its child's whole life); idle ones end after 30
 * seconds. A new thread is created by whichever thread submits, which may be inside a namespace
 * (a {@code start} called within {@code ns.call(...)}), and a thread starts in its creator's
 * namespace; so each first moves to the process's own namespace ({@link HomeNamespace}), and none
 * ever stays in, or keeps alive, a namespace of ours.
 */
final class ProcessWaiters {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessWaiters.class);
    private static final ThreadPoolExecutor POOL = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), ProcessWaiters::newWaiter);

    private ProcessWaiters() {
    }

    /** Set on the submitting thread while the pool makes a waiter for it: done once that waiter is home. */
    private static final ThreadLocal<CountDownLatch> MOVING_HOME = new ThreadLocal<>();

    private static Thread newWaiter(Runnable loop) {
        CountDownLatch home = new CountDownLatch(1);
        MOVING_HOME.set(home);
        return Thread.ofPlatform()
                .daemon()
                .name("netns-process-waiter")
                .unstarted(() -> {
                    try {
                        LibC.setns(HomeNamespace.fd(), LibC.CLONE_NEWNET);
                    } catch (ErrnoException e) {
                        // the child must be reaped all the same; this thread is then visible as a stray
                        LOG.warn("process waiter cannot return to the JVM's own namespace: {}", e.getMessage());
                    } finally {
                        home.countDown();
                    }
                    loop.run();
                });
    }

    /**
     * Hands {@code wait} to a waiter. When a new waiter had to be made, returns only once it has
     * left the submitter's namespace (a moment), so no caller ever observes it as a stray thread.
     */
    static void submit(Runnable wait) {
        try {
            POOL.execute(wait);
        } finally {
            CountDownLatch home = MOVING_HOME.get();
            if (home != null) {
                MOVING_HOME.remove();
                awaitQuietly(home);
            }
        }
    }

    private static void awaitQuietly(CountDownLatch home) {
        boolean interrupted = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            try {
                home.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                break;
            } catch (InterruptedException e) {
                interrupted = true; // keep waiting: the move is quick, the interrupt stays for the caller
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
