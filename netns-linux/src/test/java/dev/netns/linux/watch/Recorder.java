package dev.netns.linux.watch;

import dev.netns.NetworkEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A test subscriber: keeps every event it gets (for {@link #await}), replays them onto a
 * {@link Replica}, and asks for more either all at once or one at a time with a pause per event
 * (a slow consumer).
 */
final class Recorder implements Flow.Subscriber<NetworkEvent> {
    private final long initialDemand;
    private final Duration pause;
    private final LinkedBlockingQueue<NetworkEvent> unseen = new LinkedBlockingQueue<>();
    private final List<NetworkEvent> seen = new ArrayList<>();
    final Replica replica = new Replica();
    final AtomicInteger received = new AtomicInteger();
    final AtomicInteger overruns = new AtomicInteger();
    final CountDownLatch ended = new CountDownLatch(1);
    volatile Flow.Subscription subscription;
    volatile boolean completed;
    volatile Throwable error;
    volatile Thread deliveryThread;
    private final RuntimeException toThrow;

    private Recorder(long initialDemand, Duration pause, RuntimeException toThrow) {
        this.initialDemand = initialDemand;
        this.pause = pause;
        this.toThrow = toThrow;
    }

    /** Throws {@code e} from its first {@code onNext}. */
    static Recorder throwing(RuntimeException e) {
        return new Recorder(Long.MAX_VALUE, Duration.ZERO, e);
    }

    /** Requests everything up front. */
    static Recorder unbounded() {
        return new Recorder(Long.MAX_VALUE, Duration.ZERO, null);
    }

    /** Requests {@code n} and nothing more unless the test asks. */
    static Recorder requesting(long n) {
        return new Recorder(n, Duration.ZERO, null);
    }

    /** Requests one event at a time, pausing {@code pause} in each {@code onNext}. */
    static Recorder slow(Duration pause) {
        return new Recorder(1, pause, null);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        deliveryThread = Thread.currentThread();
        if (initialDemand > 0) {
            s.request(initialDemand);
        }
    }

    @Override
    public void onNext(NetworkEvent event) {
        if (toThrow != null) {
            throw toThrow;
        }
        received.incrementAndGet();
        if (event instanceof NetworkEvent.Overrun) {
            overruns.incrementAndGet();
        }
        replica.apply(event);
        unseen.add(event);
        if (!pause.isZero()) {
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            subscription.request(1);
        }
    }

    @Override
    public void onError(Throwable t) {
        error = t;
        ended.countDown();
    }

    @Override
    public void onComplete() {
        completed = true;
        ended.countDown();
    }

    /** The next event (in delivery order) matching {@code p}; fails listing what came instead. */
    NetworkEvent await(Predicate<NetworkEvent> p, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            NetworkEvent e = left > 0 ? unseen.poll(left, TimeUnit.NANOSECONDS) : null;
            if (e == null) {
                throw new AssertionError("no matching event within " + timeout + "; got " + seen);
            }
            seen.add(e);
            if (p.test(e)) {
                return e;
            }
        }
    }

    /** Every event delivered so far that {@link #await} has not consumed yet. */
    List<NetworkEvent> drain() {
        List<NetworkEvent> out = new ArrayList<>();
        unseen.drainTo(out);
        seen.addAll(out);
        return out;
    }

    boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
