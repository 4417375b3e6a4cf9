package dev.netns.linux.ns;

import dev.netns.linux.ffi.ErrnoException;
import dev.netns.linux.ffi.LibC;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private static Thread newWaiter(Runnable loop) {
        return Thread.ofPlatform()
                .daemon()
                .name("netns-process-waiter")
                .unstarted(() -> {
                    try {
                        LibC.setns(HomeNamespace.fd(), LibC.CLONE_NEWNET);
                    } catch (ErrnoException e) {
                        // the child must be reaped all the same; this thread is then visible as a stray
                        LOG.warn("process waiter cannot return to the JVM's own namespace: {}", e.getMessage());
                    }
                    loop.run();
                });
    }

    static void submit(Runnable wait) {
        POOL.execute(wait);
    }
}
