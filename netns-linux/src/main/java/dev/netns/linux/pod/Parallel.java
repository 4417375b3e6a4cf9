package dev.netns.linux.pod;

import dev.netns.NetnsException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one step for many items on the calling thread and a few platform threads started for the
 * call (one per CPU, at most {@link #MAX_THREADS} in all): the system calls of different pods'
 * steps (unshare, netlink exchanges on their own sockets) then overlap in the kernel. Each thread
 * takes the next item until none is left or one has failed; the call returns when every thread
 * has finished, so whatever a step made is recorded before the caller undoes it.
 */
final class Parallel {
    static final int MAX_THREADS = 4;

    private Parallel() {
    }

    /** One step for one item. */
    @FunctionalInterface
    interface Step<T> {
        void run(T item) throws NetnsException;
    }

    /**
     * Runs {@code step} for every item.
     *
     * @throws NetnsException the first failure (the others suppressed); unchecked ones as they are
     */
    static <T> void forEach(List<T> items, Step<T> step) throws NetnsException {
        int threads = Math.min(items.size(), Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors()));
        AtomicInteger next = new AtomicInteger();
        List<Throwable> failures = new ArrayList<>();
        Runnable work = () -> {
            for (int i = next.getAndIncrement(); i < items.size(); i = next.getAndIncrement()) {
                try {
                    step.run(items.get(i));
                } catch (NetnsException | RuntimeException | Error e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                    next.set(items.size()); // the others stop after their current item
                }
            }
        };
        List<Thread> helpers = new ArrayList<>(threads - 1);
        for (int t = 1; t < threads; t++) {
            helpers.add(Thread.ofPlatform().daemon().name("netns-pods-" + t).start(work));
        }
        work.run();
        boolean interrupted = false;
        for (Thread h : helpers) {
            while (true) {
                try {
                    h.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the helpers' steps are bounded by their own deadlines: wait for them
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (!failures.isEmpty()) {
            throw first(failures);
        }
    }

    private static NetnsException first(List<Throwable> failures) {
        Throwable first = failures.getFirst();
        for (Throwable other : failures.subList(1, failures.size())) {
            first.addSuppressed(other);
        }
        return switch (first) {
            case NetnsException n -> n;
            case RuntimeException r -> throw r;
            case Error e -> throw e;
            default -> throw new IllegalStateException(first);
        };
    }
}
