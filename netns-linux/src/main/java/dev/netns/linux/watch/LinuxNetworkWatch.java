package dev.netns.linux.watch;

import dev.netns.NetnsException;
import dev.netns.NetworkEvent;
import dev.netns.NetworkWatch;
import dev.netns.linux.ffi.Failures;
import dev.netns.linux.ffi.ErrnoException;
import dev.netns.linux.netlink.MalformedMessageException;
import dev.netns.linux.netlink.Netlink;
import dev.netns.linux.netlink.NetlinkMessage;
import dev.netns.linux.netlink.NetlinkMulticastSocket;
import dev.netns.linux.rtnl.Notification;
import dev.netns.linux.rtnl.Notifications;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A {@link NetworkWatch} over one {@link NetlinkMulticastSocket} opened inside the namespace.
 *
 * <p>Opening joins the groups first, then reads the current objects on the same socket
 * ({@link StateReader}), so no change between the two is lost or reported twice. A reader thread
 * then receives notifications, applies them to the {@link WatchState} and hands each resulting
 * event to every {@link WatchSubscription}. On {@code ENOBUFS} it reads everything again and gives
 * every subscriber {@code Overrun} and the fresh snapshot. When IPv4 routes may have been flushed
 * silently (a link went down) it reads the routes again, once the burst of notifications is over
 * or after {@value #STALE_ROUTE_MESSAGES} more messages, and reports the difference.
 *
 * <p>The reader thread owns the socket and closes it when it ends; {@link #close()} asks it to end
 * (it notices within {@link #POLL_INTERVAL}) and waits for it and for the delivery threads.
 */
public final class LinuxNetworkWatch implements NetworkWatch {
    private static final Logger LOG = LoggerFactory.getLogger(LinuxNetworkWatch.class);
    /** How long the reader waits in one receive; bounds how long {@link #close()} takes. */
    static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    /** Messages handled after a possible silent route flush before the routes are read again anyway. */
    static final int STALE_ROUTE_MESSAGES = 256;
    private static final long JOIN_MILLIS = 5_000;

    private final WatchSocket socket;
    private final String label;
    private final Set<NetworkEvent.Kind> kinds;
    private final int bufferSize;
    private final ThreadFactory threads;
    private final Consumer<LinuxNetworkWatch> onClose;
    private final StateReader reader;
    private final WatchState state;
    /** Guards the state and the order events reach subscribers in (package-private: a test stalls the reader with it). */
    final ReentrantLock lock = new ReentrantLock();
    private final List<WatchSubscription> subscriptions = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Throwable failure;
    private Thread thread;

    private LinuxNetworkWatch(WatchSocket socket, String label, Set<NetworkEvent.Kind> kinds, int bufferSize,
                              ThreadFactory threads, Consumer<LinuxNetworkWatch> onClose) {
        this.socket = socket;
        this.label = label;
        this.kinds = Set.copyOf(kinds);
        this.bufferSize = bufferSize;
        this.threads = threads;
        this.onClose = onClose;
        this.reader = new StateReader(socket, label);
        this.state = new WatchState(kinds);
    }

    /** Checks what a caller asked for, before anything is opened. */
    public static Set<NetworkEvent.Kind> checkArguments(Set<NetworkEvent.Kind> kinds, int bufferSize) {
        Objects.requireNonNull(kinds, "kinds");
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("a watch needs at least one kind of object to report");
        }
        if (bufferSize < 1) {
            throw new IllegalArgumentException("the buffer size of a watch must be at least 1, is " + bufferSize);
        }
        return EnumSet.copyOf(kinds);
    }

    /**
     * Opens the socket of a watch in the calling thread's network namespace: the groups of
     * {@code kinds}, and those whose notifications reveal silent route flushes.
     */
    public static NetlinkMulticastSocket openSocket(Set<NetworkEvent.Kind> kinds, String label) throws NetnsException {
        return openSocket(kinds, label, NetlinkMulticastSocket.RECEIVE_QUEUE_BYTES);
    }

    /** As {@link #openSocket(Set, String)} with a receive queue of {@code queueBytes} (tests overflow a small one). */
    static NetlinkMulticastSocket openSocket(Set<NetworkEvent.Kind> kinds, String label, int queueBytes) throws NetnsException {
        Set<NetworkEvent.Kind> joined = EnumSet.copyOf(kinds);
        if (kinds.contains(NetworkEvent.Kind.ROUTE)) {
            joined.add(NetworkEvent.Kind.LINK);
            joined.add(NetworkEvent.Kind.ADDRESS);
        }
        try {
            return NetlinkMulticastSocket.open(Netlink.NETLINK_ROUTE, Notifications.groups(joined), POLL_INTERVAL, queueBytes);
        } catch (ErrnoException e) {
            throw Failures.of(e, Failures.Subject.LINK, "watch of " + label);
        }
    }

    /**
     * Reads the current objects on {@code socket} (from {@link #openSocket}) and starts the reader
     * thread. Takes the socket over: closes it on failure.
     *
     * @param threads makes the reader and delivery threads (they must not start inside a namespace)
     * @param onClose told once when the watch ends
     */
    public static LinuxNetworkWatch start(NetlinkMulticastSocket socket, String label, Set<NetworkEvent.Kind> kinds,
                                          int bufferSize, ThreadFactory threads, Consumer<LinuxNetworkWatch> onClose)
            throws NetnsException {
        return start(WatchSocket.of(socket), label, kinds, bufferSize, threads, onClose);
    }

    static LinuxNetworkWatch start(WatchSocket socket, String label, Set<NetworkEvent.Kind> kinds, int bufferSize,
                                   ThreadFactory threads, Consumer<LinuxNetworkWatch> onClose) throws NetnsException {
        LinuxNetworkWatch watch = new LinuxNetworkWatch(socket, label, kinds, bufferSize, threads, onClose);
        try {
            watch.state.reset(watch.reader.read(watch.kinds));
            watch.thread = threads.newThread(watch::run);
            watch.thread.start();
        } catch (NetnsException | RuntimeException e) {
            watch.closeSocket(e);
            throw e;
        }
        LOG.debug("{}: watching {}", label, kinds);
        return watch;
    }

    @Override
    public Set<NetworkEvent.Kind> kinds() {
        return kinds;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super NetworkEvent> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        WatchSubscription s;
        lock.lock();
        try {
            s = new WatchSubscription(this, subscriber, closed.get() ? List.of() : state.snapshot(), bufferSize);
            if (closed.get()) {
                s.end(failure);
            } else {
                subscriptions.add(s);
            }
        } finally {
            lock.unlock();
        }
        s.start(threads);
    }

    void remove(WatchSubscription s) {
        subscriptions.remove(s);
    }

    @Override
    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public void close() {
        List<WatchSubscription> ended = end(null);
        Thread t = thread;
        try {
            if (t != null && t != Thread.currentThread()) {
                t.join(JOIN_MILLIS);
            }
            for (WatchSubscription s : ended) {
                s.awaitEnd(JOIN_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Marks the watch ended and ends every subscription; the reader thread closes the socket.
     * Returns the subscriptions it ended (none if the watch had already ended).
     */
    private List<WatchSubscription> end(Throwable cause) {
        List<WatchSubscription> ending;
        lock.lock();
        try {
            if (!closed.compareAndSet(false, true)) {
                return List.of();
            }
            failure = cause;
            ending = List.copyOf(subscriptions);
        } finally {
            lock.unlock();
        }
        ending.forEach(s -> s.end(cause));
        onClose.accept(this);
        return ending;
    }

    private void run() {
        int sinceStale = 0;
        try {
            while (!closed.get()) {
                List<NetlinkMessage> messages;
                try {
                    messages = socket.receive();
                } catch (ErrnoException e) {
                    StateReader.throwUnlessOverrun(e, label);
                    LOG.debug("{}: the kernel dropped notifications (ENOBUFS); reading everything again", label);
                    resync();
                    continue;
                } catch (MalformedMessageException e) {
                    LOG.warn("{}: malformed notification datagram ({}); reading everything again", label, e.getMessage());
                    resync();
                    continue;
                }
                for (NetlinkMessage m : messages) {
                    if (m.header().portId() != socket.portId()) { // not the tail of one of our dumps
                        handle(m);
                        sinceStale++;
                    }
                }
                if (!state.routesStale()) {
                    sinceStale = 0;
                } else if (messages.isEmpty() || sinceStale >= STALE_ROUTE_MESSAGES) {
                    reconcileRoutes();
                    sinceStale = 0;
                }
            }
        } catch (NetnsException | RuntimeException e) {
            if (!closed.get()) {
                LOG.warn("{}: watch failed: {}", label, e.getMessage());
            }
            end(e);
        } finally {
            closeSocket(null);
        }
    }

    private void handle(NetlinkMessage m) {
        Optional<Notification> n;
        try {
            n = Notifications.decode(m);
        } catch (MalformedMessageException e) {
            LOG.warn("{}: skipped a malformed notification: {}", label, e.getMessage());
            return;
        }
        n.ifPresent(this::publish);
    }

    private void publish(Notification n) {
        lock.lock();
        try {
            List<NetworkEvent> events = state.apply(n);
            publish(events);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Hands events to every subscriber; call with the lock held, so the snapshots match the order.
     * The state already holds every event of the list, so a subscriber that overruns on one of them
     * gets a snapshot containing the rest too, and must not get the rest again (a replica counting
     * routes would count them twice).
     */
    private void publish(List<NetworkEvent> events) {
        for (WatchSubscription s : subscriptions) {
            for (NetworkEvent e : events) {
                if (s.offer(e, this::overrunSnapshot)) {
                    break;
                }
            }
        }
    }

    private List<NetworkEvent> overrunSnapshot() {
        List<NetworkEvent> out = new ArrayList<>();
        out.add(new NetworkEvent.Overrun());
        out.addAll(state.snapshot());
        return out;
    }

    private void resync() throws NetnsException {
        StateReader.Reading reading = reader.read(kinds);
        lock.lock();
        try {
            state.reset(reading);
            List<NetworkEvent> events = overrunSnapshot();
            subscriptions.forEach(s -> s.restart(events));
            reading.others().forEach(n -> publish(state.apply(n)));
        } finally {
            lock.unlock();
        }
    }

    /** Reads the routes again and publishes the differences (run by the reader thread; tests call it directly). */
    void reconcileRoutes() throws NetnsException {
        StateReader.Reading reading = reader.read(EnumSet.of(NetworkEvent.Kind.ROUTE));
        lock.lock();
        try {
            publish(state.reconcile(reading));
            reading.others().forEach(n -> publish(state.apply(n)));
        } finally {
            lock.unlock();
        }
    }

    private void closeSocket(Exception primary) {
        try {
            socket.close();
        } catch (ErrnoException e) {
            if (primary != null) {
                primary.addSuppressed(e);
            } else {
                LOG.warn("{}: closing the watch socket failed: {}", label, e.getMessage());
            }
        }
    }

    @Override
    public String toString() {
        return "NetworkWatch[" + label + ", " + kinds + (closed.get() ? ", closed" : "") + "]";
    }
}
