package dev.netns.linux.ns;

import dev.netns.Addresses;
import dev.netns.Links;
import dev.netns.NamespaceCallable;
import dev.netns.NamespaceId;
import dev.netns.NamespaceTask;
import dev.netns.Neighbors;
import dev.netns.NetnsException;
import dev.netns.NetworkEvent;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkWatch;
import dev.netns.Routes;
import dev.netns.linux.ffi.ErrnoException;
import dev.netns.linux.ffi.Failures;
import dev.netns.linux.ffi.FdHold;
import dev.netns.linux.ffi.LibC;
import dev.netns.linux.netlink.NetlinkMulticastSocket;
import dev.netns.linux.process.ProcessLauncher;
import dev.netns.linux.rtnl.RtnlSession;
import dev.netns.linux.watch.LinuxNetworkWatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A namespace handle: one open nsfs descriptor, and lazily one rtnetlink socket opened inside.
 * Identity is the namespace's {@link NamespaceId}. Thread-safe.
 *
 * <p>Close protocol: every operation that hands the descriptor number to the kernel
 * ({@link #call}, {@link #start}, a veth peer placed here, a link moved here) holds a use count
 * for as long as the kernel may use the number; {@link #close()} marks the handle closed at once
 * (later operations throw {@link IllegalStateException}) and the descriptor is closed when the
 * last operation in flight ends. So an operation racing {@code close()} either runs in this
 * namespace or is refused; it never runs with a reused descriptor number in another namespace.
 *
 * <p>Ownership: the handle owns its descriptor and socket, never the namespace. A handle that is
 * garbage collected without {@link #close()} has both released by a {@link Cleaner} (the socket
 * too: an open rtnetlink socket keeps its namespace alive), with a warning naming the namespace
 * and what was released; the cleaner never deletes anything.
 */
public final class LinuxNetworkNamespace implements NetworkNamespace {
    /** The logger, set up only when a leaked handle is reported: a fresh JVM's first namespace does not pay for logging. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(LinuxNetworkNamespace.class);
    }

    private static final Cleaner CLEANER = Cleaner.create(Thread.ofPlatform().daemon().name("netns-cleaner").factory());

    private final Descriptor descriptor;
    private final Cleaner.Cleanable cleanable;
    private final String name;
    private final Path path;
    private final NamespaceId id;
    private final String label;
    private final NamespaceManager manager;
    private final Object viewsLock = new Object();
    private final Set<LinuxNetworkWatch> watches = ConcurrentHashMap.newKeySet();

    /**
     * The fd with its use count, and the socket opened inside: the cleaner's state (it must not
     * refer to the handle). {@code state} holds the number of operations using the fd, plus
     * {@link #CLOSED} once the handle is closed; the fd is closed when it reads {@code CLOSED} alone.
     */
    private static final class Descriptor implements Runnable {
        static final int CLOSED = 1 << 30;

        final int fd;
        final String label;
        final AtomicInteger state = new AtomicInteger();
        final AtomicBoolean released = new AtomicBoolean();
        volatile boolean explicit;
        volatile RtnlSession views;

        Descriptor(int fd, String label) {
            this.fd = fd;
            this.label = label;
        }

        boolean acquire() {
            while (true) {
                int s = state.get();
                if ((s & CLOSED) != 0) {
                    return false;
                }
                if (state.compareAndSet(s, s + 1)) {
                    return true;
                }
            }
        }

        void release() {
            if (state.decrementAndGet() == CLOSED) {
                free();
            }
        }

        boolean isClosed() {
            return (state.get() & CLOSED) != 0;
        }

        /** Marks closed; frees now if nothing uses the fd, else the last {@link #release()} does. */
        void markClosed() {
            while (true) {
                int s = state.get();
                if ((s & CLOSED) != 0) {
                    return;
                }
                if (state.compareAndSet(s, s | CLOSED)) {
                    if (s == 0) {
                        free();
                    }
                    return;
                }
            }
        }

        private void free() {
            if (!released.compareAndSet(false, true)) {
                return;
            }
            RtnlSession v = views;
            views = null;
            if (v != null) {
                v.close();
            }
            if (!explicit) {
                Log.LOG.warn("a handle of network namespace {} was never closed; released now: its descriptor {}{}",
                        label, fd, v != null ? " and its rtnetlink socket" : "");
            }
            NsFile.closeQuietly(fd);
        }

        /** The cleaner: the handle is unreachable, so no operation is in flight. */
        @Override
        public void run() {
            markClosed();
        }
    }

    /** A hold on the descriptor of this handle: see the class comment. */
    private final class Hold implements FdHold {
        private boolean closed;

        @Override
        public int fd() {
            return descriptor.fd;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                descriptor.release();
                Reference.reachabilityFence(LinuxNetworkNamespace.this);
            }
        }
    }

    LinuxNetworkNamespace(int fd, String name, Path path, NamespaceManager manager) throws NetnsException {
        this.name = name;
        this.path = path;
        this.manager = manager;
        NamespaceId nsId;
        try {
            nsId = NsFile.id(fd, name != null ? name : path.toString());
        } catch (NetnsException e) {
            NsFile.closeQuietly(fd);
            throw e;
        }
        this.id = nsId;
        this.label = name != null ? name + " (" + nsId + ")" : nsId.toString();
        this.descriptor = new Descriptor(fd, label);
        this.cleanable = CLEANER.register(this, descriptor);
    }

    /**
     * The descriptor number of a handle made by this provider, unheld: valid only while nothing can
     * close the handle. Code that may race {@code close()} uses {@link #holdOf} instead.
     */
    public static int fdOf(NetworkNamespace namespace) {
        return cast(namespace).fd();
    }

    /**
     * A hold on the descriptor of a handle made by this provider, e.g. for {@code IFLA_NET_NS_FD}:
     * the number stays this namespace's until the hold is closed.
     *
     * @throws IllegalStateException if the handle is closed
     */
    public static FdHold holdOf(NetworkNamespace namespace) {
        return cast(namespace).hold();
    }

    /**
     * {@link #holdOf} as the function sessions hold peer namespaces with. This and the callables of
     * this class are classes rather than lambdas: each lambda is a class a fresh JVM spins on first
     * use (about a millisecond each, dozens of them before the first pod).
     */
    private static final Function<NetworkNamespace, FdHold> HOLD_OF = new Function<>() {
        @Override
        public FdHold apply(NetworkNamespace namespace) {
            return holdOf(namespace);
        }
    };

    private static LinuxNetworkNamespace cast(NetworkNamespace namespace) {
        if (!(namespace instanceof LinuxNetworkNamespace linux)) {
            throw new IllegalArgumentException("not a handle of the netns-linux provider: " + namespace);
        }
        return linux;
    }

    /** The descriptor, unheld (see {@link #fdOf}). @throws IllegalStateException after close */
    public int fd() {
        ensureOpen();
        return descriptor.fd;
    }

    /** A hold on the descriptor (see {@link #holdOf}). @throws IllegalStateException after close */
    public FdHold hold() {
        if (!descriptor.acquire()) {
            throw closedException();
        }
        return new Hold();
    }

    /**
     * A new handle of the same namespace with a descriptor of its own ({@code dup}): for an owner
     * that must outlive the caller's handle (a pod network and its node).
     *
     * @throws IllegalStateException if this handle is closed
     */
    public LinuxNetworkNamespace duplicate() throws NetnsException {
        try (FdHold h = hold()) {
            int copy;
            try {
                copy = LibC.fcntl(h.fd(), LibC.F_DUPFD_CLOEXEC, 0);
            } catch (ErrnoException e) {
                throw Failures.of(e, Failures.Subject.NAMESPACE, label);
            }
            Path copyPath = path.startsWith("/proc/self/fd/") ? Path.of("/proc/self/fd/" + copy) : path;
            return new LinuxNetworkNamespace(copy, name, copyPath, manager);
        }
    }

    /** How this namespace is named in messages: its name and id, or its id. */
    public String label() {
        return label;
    }

    private void ensureOpen() {
        if (descriptor.isClosed()) {
            throw closedException();
        }
    }

    private IllegalStateException closedException() {
        return new IllegalStateException("network namespace handle " + label + " is closed");
    }

    @Override
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public NamespaceId id() {
        return id;
    }

    @Override
    public <X extends Exception> void run(NamespaceTask<X> task) throws X, NetnsException {
        call(new NamespaceCallable<Void, X>() { // a class, not a lambda: see HOLD_OF
            @Override
            public Void call() throws X {
                task.run();
                return null;
            }
        });
    }

    @Override
    public <T, X extends Exception> T call(NamespaceCallable<T, X> task) throws X, NetnsException {
        try (FdHold h = hold()) {
            return ThreadSwitch.call(h.fd(), label, task);
        }
    }

    @Override
    public Process start(ProcessBuilder builder) throws IOException {
        try (FdHold h = hold()) {
            return ProcessLauncher.start(h.fd(), label, builder);
        }
    }

    @Override
    public Links links() {
        return views().links();
    }

    @Override
    public Addresses addresses() {
        return views().addresses();
    }

    @Override
    public Routes routes() {
        return views().routes();
    }

    @Override
    public Neighbors neighbors() {
        return views().neighbors();
    }

    /** The rtnetlink session of this namespace, opened on first use (for layers that batch requests). */
    public RtnlSession netlinkViews() {
        return views();
    }

    /**
     * The views, opened on first use, and opened again if the socket was closed under them (a
     * netlink exchange that could not be drained closes its socket rather than leave it unusable).
     */
    private RtnlSession views() {
        RtnlSession v = descriptor.views;
        if (v == null || v.isClosed()) {
            synchronized (viewsLock) {
                ensureOpen();
                v = descriptor.views;
                if (v == null || v.isClosed()) {
                    try {
                        v = call(new NamespaceCallable<RtnlSession, NetnsException>() {
                            @Override
                            public RtnlSession call() throws NetnsException {
                                return RtnlSession.openInCurrentNamespace(label, HOLD_OF);
                            }
                        });
                    } catch (NetnsException e) {
                        // rare (descriptor or memory exhaustion); the views' accessors cannot throw checked exceptions
                        throw new UncheckedIOException(e);
                    }
                    descriptor.views = v;
                    if (descriptor.released.get()) { // closed meanwhile: free() has run and did not see v
                        descriptor.views = null;
                        v.close();
                        throw closedException();
                    }
                }
            }
        }
        return v;
    }

    /**
     * Opens the watch's socket inside this namespace, reads the current objects and starts its
     * reader thread in the process's own namespace. The handle ends its watches when it closes.
     */
    @Override
    public NetworkWatch watch(Set<NetworkEvent.Kind> kinds, int bufferSize) throws NetnsException {
        Set<NetworkEvent.Kind> checked = LinuxNetworkWatch.checkArguments(kinds, bufferSize);
        ensureOpen();
        NetlinkMulticastSocket socket = call(() -> LinuxNetworkWatch.openSocket(checked, label));
        LinuxNetworkWatch watch = LinuxNetworkWatch.start(socket, label, checked, bufferSize,
                new HomeThreads("netns-watch-" + id.inode()), watches::remove);
        watches.add(watch);
        if (isClosed()) {
            watch.close();
            ensureOpen();
        }
        return watch;
    }

    @Override
    public void delete() throws NetnsException {
        ensureOpen();
        if (name == null) {
            throw new IllegalStateException("network namespace " + label + " has no name: an anonymous namespace "
                    + "ends when its last reference is closed");
        }
        manager.delete(name, id);
        close();
    }

    @Override
    public boolean isClosed() {
        return descriptor.isClosed();
    }

    /**
     * Releases this handle: later operations throw {@link IllegalStateException}; the descriptor
     * and socket are closed once the operations already in flight have ended. Idempotent.
     */
    @Override
    public void close() {
        if (descriptor.isClosed()) {
            return;
        }
        for (LinuxNetworkWatch w : List.copyOf(watches)) {
            w.close();
        }
        descriptor.explicit = true;
        cleanable.clean();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkNamespace other && id.equals(other.id());
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "NetworkNamespace[" + (name != null ? name + ", " : "") + id + (isClosed() ? ", closed" : "") + "]";
    }
}
