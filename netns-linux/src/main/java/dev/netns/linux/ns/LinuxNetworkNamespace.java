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
import dev.netns.linux.netlink.NetlinkMulticastSocket;
import dev.netns.linux.process.ProcessLauncher;
import dev.netns.linux.rtnl.RtnlSession;
import dev.netns.linux.watch.LinuxNetworkWatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A namespace handle: one open nsfs descriptor, and lazily one rtnetlink socket opened inside.
 * Identity is the namespace's {@link NamespaceId}. Thread-safe.
 *
 * <p>Ownership: the handle owns its descriptor and socket, never the namespace. A handle that is
 * garbage collected without {@link #close()} has its descriptor closed by a {@link Cleaner}, with a
 * warning naming the namespace; the cleaner never deletes anything.
 */
public final class LinuxNetworkNamespace implements NetworkNamespace {
    private static final Logger LOG = LoggerFactory.getLogger(LinuxNetworkNamespace.class);
    private static final Cleaner CLEANER = Cleaner.create(Thread.ofPlatform().daemon().name("netns-cleaner").factory());

    private final Descriptor descriptor;
    private final Cleaner.Cleanable cleanable;
    private final String name;
    private final Path path;
    private final NamespaceId id;
    private final String label;
    private final NamespaceManager manager;
    private final Object viewsLock = new Object();
    private volatile RtnlSession views;
    private final Set<LinuxNetworkWatch> watches = ConcurrentHashMap.newKeySet();

    /** The fd, and whether it was released on purpose; the cleaner's state (must not refer to the handle). */
    private static final class Descriptor implements Runnable {
        final int fd;
        final String label;
        final AtomicBoolean closed = new AtomicBoolean();
        volatile boolean explicit;

        Descriptor(int fd, String label) {
            this.fd = fd;
            this.label = label;
        }

        @Override
        public void run() {
            if (closed.compareAndSet(false, true)) {
                if (!explicit) {
                    LOG.warn("a handle of network namespace {} was never closed; its descriptor {} is released now",
                            label, fd);
                }
                NsFile.closeQuietly(fd);
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

    /** The open nsfs descriptor of a handle made by this provider, e.g. for {@code IFLA_NET_NS_FD}. */
    public static int fdOf(NetworkNamespace namespace) {
        if (!(namespace instanceof LinuxNetworkNamespace linux)) {
            throw new IllegalArgumentException("not a handle of the netns-linux provider: " + namespace);
        }
        return linux.fd();
    }

    /** The descriptor. @throws IllegalStateException after close */
    public int fd() {
        ensureOpen();
        return descriptor.fd;
    }

    /** How this namespace is named in messages: its name and id, or its id. */
    public String label() {
        return label;
    }

    private void ensureOpen() {
        if (descriptor.closed.get()) {
            throw new IllegalStateException("network namespace handle " + label + " is closed");
        }
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
        call(() -> {
            task.run();
            return null;
        });
    }

    @Override
    public <T, X extends Exception> T call(NamespaceCallable<T, X> task) throws X, NetnsException {
        ensureOpen();
        return ThreadSwitch.call(descriptor.fd, label, task);
    }

    @Override
    public Process start(ProcessBuilder builder) throws IOException {
        ensureOpen();
        return ProcessLauncher.start(descriptor.fd, label, builder);
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

    private RtnlSession views() {
        RtnlSession v = views;
        if (v == null) {
            synchronized (viewsLock) {
                ensureOpen();
                v = views;
                if (v == null) {
                    try {
                        v = call(() -> RtnlSession.openInCurrentNamespace(label, LinuxNetworkNamespace::fdOf));
                    } catch (NetnsException e) {
                        // rare (descriptor or memory exhaustion); the views' accessors cannot throw checked exceptions
                        throw new UncheckedIOException(e);
                    }
                    views = v;
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
        manager.delete(name);
        close();
    }

    @Override
    public boolean isClosed() {
        return descriptor.closed.get();
    }

    @Override
    public void close() {
        if (descriptor.closed.get()) {
            return;
        }
        for (LinuxNetworkWatch w : List.copyOf(watches)) {
            w.close();
        }
        synchronized (viewsLock) {
            RtnlSession v = views;
            views = null;
            if (v != null) {
                v.close();
            }
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
