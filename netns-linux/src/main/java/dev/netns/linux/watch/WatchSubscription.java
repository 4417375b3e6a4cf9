package dev.netns.linux.watch;

import dev.netns.NetworkEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One subscriber of a watch: its pending snapshot, a bounded buffer of later changes, its demand,
 * and the thread that delivers to it, so a slow subscriber delays nobody else. All signals to the
 * subscriber come from that one thread, in order; none is made while a lock is held.
 *
 * <p>Bounded memory: when a change finds the buffer full, the buffer is dropped and replaced by
 * {@code Overrun} and a snapshot of the watch's current state (which already includes that change).
 */
final class WatchSubscription implements Flow.Subscription {
    private static final Logger LOG = LoggerFactory.getLogger(WatchSubscription.class);

    private final LinuxNetworkWatch watch;
    private final Flow.Subscriber<? super NetworkEvent> subscriber;
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private ArrayDeque<NetworkEvent> snapshot;
    private final ArrayDeque<NetworkEvent> changes = new ArrayDeque<>();
    private long demand;
    private boolean cancelled;
    private boolean ended;
    private Throwable failure;
    private Thread thread;

    WatchSubscription(LinuxNetworkWatch watch, Flow.Subscriber<? super NetworkEvent> subscriber, List<NetworkEvent> snapshot,
                      int capacity) {
        this.watch = watch;
        this.subscriber = subscriber;
        this.snapshot = new ArrayDeque<>(snapshot);
        this.capacity = capacity;
    }

    /** Starts the delivery thread, which signals {@code onSubscribe} first. */
    void start(ThreadFactory threads) {
        thread = threads.newThread(this::deliver);
        thread.start();
    }

    /**
     * Queues a change; on a full buffer replaces everything pending with {@code overrun} (Overrun +
     * snapshot). Returns whether it did so: the snapshot holds the watch's whole current state.
     */
    boolean offer(NetworkEvent event, Supplier<List<NetworkEvent>> overrun) {
        lock.lock();
        try {
            if (cancelled || ended) {
                return false;
            }
            boolean overran = changes.size() >= capacity;
            if (overran) {
                changes.clear();
                snapshot = new ArrayDeque<>(overrun.get());
                LOG.debug("{}: subscriber {} fell {} changes behind; it gets Overrun and a fresh snapshot",
                        watch, subscriber, capacity);
            } else {
                changes.add(event);
            }
            ready.signal();
            return overran;
        } finally {
            lock.unlock();
        }
    }

    /** Replaces everything pending with {@code events} (Overrun + snapshot, after the kernel lost notifications). */
    void restart(List<NetworkEvent> events) {
        lock.lock();
        try {
            if (cancelled || ended) {
                return;
            }
            changes.clear();
            snapshot = new ArrayDeque<>(events);
            ready.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Ends the subscription: {@code onComplete}, or {@code onError(failure)}; undelivered events are dropped. */
    void end(Throwable failure) {
        lock.lock();
        try {
            if (!ended) {
                ended = true;
                this.failure = failure;
                changes.clear();
                snapshot = null;
                ready.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits for the delivery thread to finish, unless called from it. */
    void awaitEnd(long millis) throws InterruptedException {
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            t.join(millis);
        }
    }

    @Override
    public void request(long n) {
        lock.lock();
        try {
            if (n <= 0) {
                // Reactive Streams rule 3.9
                end(new IllegalArgumentException("request(" + n + "): demand must be positive (Flow rule 3.9)"));
                return;
            }
            demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            ready.signal();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void cancel() {
        lock.lock();
        try {
            cancelled = true;
            changes.clear();
            snapshot = null;
            ready.signal();
        } finally {
            lock.unlock();
        }
        watch.remove(this);
    }

    private boolean hasNext() {
        return (snapshot != null && !snapshot.isEmpty()) || !changes.isEmpty();
    }

    private NetworkEvent next() {
        return snapshot != null && !snapshot.isEmpty() ? snapshot.poll() : changes.poll();
    }

    private void deliver() {
        try {
            subscriber.onSubscribe(this);
        } catch (Throwable t) {
            abandon("onSubscribe", t);
            return;
        }
        while (true) {
            NetworkEvent event;
            Throwable end;
            lock.lock();
            try {
                while (!cancelled && !ended && !(demand > 0 && hasNext())) {
                    ready.awaitUninterruptibly();
                }
                if (cancelled) {
                    return;
                }
                if (ended) {
                    cancelled = true;
                    end = failure;
                    event = null;
                } else {
                    event = next();
                    demand--;
                    end = null;
                }
            } finally {
                lock.unlock();
            }
            if (event == null) {
                watch.remove(this);
                signalEnd(end);
                return;
            }
            try {
                subscriber.onNext(event);
            } catch (Throwable t) {
                abandon("onNext", t);
                return;
            }
        }
    }

    /** A subscriber that threw is cancelled and told why, as {@link java.util.concurrent.SubmissionPublisher} does. */
    private void abandon(String signal, Throwable t) {
        LOG.warn("{}: subscriber {} threw from {}; it is cancelled, the watch goes on", watch, subscriber, signal, t);
        cancel();
        signalEnd(t);
    }

    private void signalEnd(Throwable failure) {
        try {
            if (failure == null) {
                subscriber.onComplete();
            } else {
                subscriber.onError(failure);
            }
        } catch (Throwable t) {
            LOG.warn("{}: subscriber {} threw from {}", watch, subscriber, failure == null ? "onComplete" : "onError", t);
        }
    }
}
