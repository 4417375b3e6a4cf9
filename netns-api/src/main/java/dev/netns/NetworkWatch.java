package dev.netns;

import java.util.Set;
import java.util.concurrent.Flow;

/**
 * A live view of changes in one network namespace: the rtnetlink multicast groups of the
 * {@linkplain NetworkEvent.Kind kinds} asked for, on a socket opened inside the namespace. Each
 * subscriber gets the objects that exist first ({@link NetworkEvent.Action#EXISTING}), then every
 * change, in the kernel's order. Equivalent to {@code ip -n NS monitor link address route}
 * preceded by {@code ip -n NS link/address/route show}, without the gap between the two.
 *
 * {@snippet :
 * try (NetworkWatch watch = pod.namespace().watch(EnumSet.of(NetworkEvent.Kind.LINK))) {
 *     watch.subscribe(new Flow.Subscriber<>() {
 *         public void onSubscribe(Flow.Subscription s) { s.request(Long.MAX_VALUE); }
 *         public void onNext(NetworkEvent e) { System.out.println(e); }
 *         public void onError(Throwable t) { t.printStackTrace(); }
 *         public void onComplete() { System.out.println("watch closed"); }
 *     });
 *     // ...
 * }
 * }
 *
 * <h2>Delivery</h2>
 * Any number of subscribers; each has its own delivery thread and a bounded buffer of changes, and
 * gets only what it {@linkplain Flow.Subscription#request requested}. A subscriber that falls more
 * than its buffer behind gets {@link NetworkEvent.Overrun} and a fresh snapshot instead of the
 * changes it missed, so memory stays bounded (one snapshot plus the buffer per subscriber) whatever
 * the subscriber does. When the kernel itself drops notifications ({@code ENOBUFS}) every
 * subscriber gets {@code Overrun} and a fresh snapshot. A subscriber whose {@code onNext} throws is
 * cancelled and gets that exception through {@code onError}, as with
 * {@link java.util.concurrent.SubmissionPublisher}; the watch and the other subscribers go on.
 *
 * <h2>End</h2>
 * {@link #close()} (or closing the namespace handle the watch came from) ends every subscription
 * with {@code onComplete}, releases the socket and stops the threads. A watch fails, with
 * {@code onError} to every subscriber and a {@link NetnsException}, only when the kernel cannot be
 * read consistently (a snapshot interrupted by concurrent changes again and again) or the socket
 * fails. The socket holds the namespace alive, as a process inside it would.
 */
public interface NetworkWatch extends AutoCloseable, Flow.Publisher<NetworkEvent> {

    /** Buffered changes per subscriber before it is overrun, unless the watch was opened with another size. */
    int DEFAULT_BUFFER_SIZE = 1024;

    /** The kinds of objects this watch reports. */
    Set<NetworkEvent.Kind> kinds();

    /**
     * Adds a subscriber. It gets {@code onSubscribe}, then, on demand, the current snapshot and every
     * later change. After {@link #close()} it gets {@code onSubscribe} then {@code onComplete}; after
     * a failure, {@code onError}.
     */
    @Override
    void subscribe(Flow.Subscriber<? super NetworkEvent> subscriber);

    /** Whether {@link #close()} was called or the watch failed. */
    boolean isClosed();

    /**
     * Ends every subscription with {@code onComplete} (after the {@code onNext} in progress returns;
     * undelivered events are dropped), closes the socket and stops the threads. Idempotent.
     */
    @Override
    void close();
}
