package dev.netns.witness;

import dev.netns.NetnsException;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A named namespace standing in for the host ("node") in a test or benchmark, and the owner of every
 * named namespace made under its prefix: bridges, host ends of veths and routes go in here, never in
 * the machine's own namespace.
 *
 * {@snippet :
 * try (SandboxNode node = SandboxNode.open(Owner.of("it"))) {   // it-4711-1
 *     PodNetwork net = PodNetwork.builder().node(node.namespace())
 *             .namespacePrefix(node.prefix()).subnet("10.0.0.0/24").create(); // pods it-4711-1-...
 *     NetworkNamespace peer = node.named("peer");                  // it-4711-1-peer-1
 *     assertTrue(node.ip("-j", "link", "show").contains("\"ifname\":\"cni0\""));
 * }   // every it-4711-1-* and it-4711-1 itself deleted, even if the test failed half-way
 * }
 *
 * <p>{@link #open} first sweeps, once per owner and process, the namespaces of that owner's tag left
 * by processes that no longer run ({@link Owner#sweepOnce()}). {@link #close()} closes the handles it
 * gave out, deletes every named namespace whose name starts with {@link #prefix()} (also those made
 * by other means: pods, {@code ip netns add}), then the node; it keeps going on failure, throws the
 * first failure with the others suppressed, and does nothing the second time. Namespaces are made
 * and deleted through the netns API ({@code ip netns add} / {@code ip netns del} equivalents), so a
 * provider must be on the class or module path. Thread-safe.
 */
public final class SandboxNode implements AutoCloseable {
    private final String name;
    private final NetworkNamespace node;
    private final List<NetworkNamespace> handles = new ArrayList<>();
    private final AtomicLong seq = new AtomicLong();
    private boolean closed;

    private SandboxNode(String name, NetworkNamespace node) {
        this.name = name;
        this.node = node;
    }

    /** Sweeps dead owners' leftovers of the tag (once per process), then makes the node {@code TAG-PID-N}. */
    public static SandboxNode open(Owner owner) throws NetnsException {
        owner.sweepOnce();
        String name = owner.next();
        return new SandboxNode(name, NetworkNamespaces.create(name));
    }

    /** The node namespace's name, {@code TAG-PID-N}. */
    public String name() {
        return name;
    }

    /** A handle to the node namespace, owned by this sandbox (closed and deleted by {@link #close()}). */
    public NetworkNamespace namespace() {
        return node;
    }

    /** What names of namespaces that belong to this node start with: {@code TAG-PID-N-}. */
    public String prefix() {
        return name + "-";
    }

    /** A new name under {@link #prefix()}: {@code TAG-PID-N-STEM-M}; deleted by {@link #close()} if it is made. */
    public String newName(String stem) {
        return prefix() + stem + "-" + seq.incrementAndGet();
    }

    /** A new named namespace {@link #newName(String) newName(stem)}, closed and deleted with the sandbox. */
    public synchronized NetworkNamespace named(String stem) throws NetnsException {
        checkOpen();
        NetworkNamespace ns = NetworkNamespaces.create(newName(stem));
        handles.add(ns);
        return ns;
    }

    /** A new anonymous namespace, closed with the sandbox (the kernel frees it with its last handle). */
    public synchronized NetworkNamespace anonymous() throws NetnsException {
        checkOpen();
        NetworkNamespace ns = NetworkNamespaces.create();
        handles.add(ns);
        return ns;
    }

    /** {@code ip -n NODE ARGS...}: the output of an {@code ip} command run inside the node (see {@link Ip#in}). */
    public String ip(String... args) {
        return Ip.in(name, args);
    }

    /** Whether {@link #close()} has run. */
    public synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public synchronized void close() throws NetnsException {
        if (closed) {
            return;
        }
        closed = true;
        List<Exception> failures = new ArrayList<>();
        for (NetworkNamespace ns : handles) {
            attempt(failures, ns::close);
        }
        handles.clear();
        attempt(failures, () -> Owner.deleteAll(prefix()));
        attempt(failures, () -> Owner.deleteIfPresent(name));
        attempt(failures, node::close);
        if (failures.isEmpty()) {
            return;
        }
        Exception first = failures.getFirst();
        failures.stream().skip(1).forEach(first::addSuppressed);
        if (first instanceof NetnsException e) {
            throw e;
        }
        throw (RuntimeException) first;
    }

    private interface Step {
        void run() throws NetnsException;
    }

    private static void attempt(List<Exception> failures, Step step) {
        try {
            step.run();
        } catch (NetnsException | RuntimeException e) {
            failures.add(e);
        }
    }

    @Override
    public String toString() {
        return "sandbox node " + name + " (ip netns exec " + name + " ...)";
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
    }
}
