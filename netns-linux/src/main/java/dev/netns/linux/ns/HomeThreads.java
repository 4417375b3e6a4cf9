package dev.netns.linux.ns;

import dev.netns.linux.ffi.ErrnoException;
import dev.netns.linux.ffi.LibC;
import dev.netns.linux.nsfs.HomeNamespace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Daemon platform threads that run in the process's own network namespace, whichever thread made
 * them: a thread starts in its creator's namespace, and a watch may be opened from inside one. The
 * thread moves home ({@link HomeNamespace}) before it runs its task.
 */
final class HomeThreads implements ThreadFactory {
    private static final Logger LOG = LoggerFactory.getLogger(HomeThreads.class);

    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();

    HomeThreads(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable task) {
        return Thread.ofPlatform().daemon().name(prefix + "-" + count.incrementAndGet()).unstarted(() -> {
            try {
                LibC.setns(HomeNamespace.fd(), LibC.CLONE_NEWNET);
            } catch (ErrnoException e) {
                LOG.warn("thread {} stays in the namespace it was started in: {}", Thread.currentThread().getName(),
                        e.getMessage());
            }
            task.run();
        });
    }
}
