package dev.netns.testkit;

import dev.netns.Cluster;
import dev.netns.NetnsException;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import dev.netns.Pod;
import dev.netns.PodNetwork;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the testkit built for one scope (a test class, or one test): namespaces, at most one pod
 * network in its sandbox node, and pods. Everything is created on demand and owned here; it is
 * removed together, newest first, by {@link #close()}, or deliberately abandoned by
 * {@link #keep()}. Thread-safe: tests of one class may run in parallel against its class scope.
 */
final class Scope {
    private final String label;
    private final Scope parent;
    private final List<Owned> owned = new ArrayList<>();
    private final Set<String> keptPods = new HashSet<>();
    private NetSpec declared;
    private Sandbox network;

    /** @param parent the enclosing (class) scope whose network a test may share, or null */
    Scope(String label, Scope parent) {
        this.label = label;
        this.parent = parent;
    }

    String label() {
        return label;
    }

    Scope parent() {
        return parent;
    }

    /** A new namespace owned by this scope. */
    synchronized NetworkNamespace newNamespace(boolean named) throws NetnsException {
        if (named) {
            NetworkNamespace ns = NetworkNamespaces.create(Sweeper.OWNER.next());
            owned.add(new Owned.Named(ns));
            return ns;
        }
        NetworkNamespace ns = NetworkNamespaces.create();
        owned.add(new Owned.Anonymous(ns));
        return ns;
    }

    /** A new cluster owned by this scope, named {@code tk-<pid>-<n>}. */
    synchronized Cluster newCluster(TestCluster spec) throws NetnsException {
        Cluster cluster = Cluster.builder().name(Sweeper.OWNER.next()).nodes(spec.nodes()).mode(spec.mode())
                .podCidr(spec.podCidr()).nodeSubnetLength(spec.nodeSubnetLength()).underlayCidr(spec.underlayCidr())
                .mtu(spec.mtu()).create();
        owned.add(new Owned.OwnedCluster(cluster));
        return cluster;
    }

    /** Records that this scope has a {@code @PodNet}; all of a scope's declarations must agree. */
    synchronized void declare(NetSpec spec) {
        if (declared != null && !declared.equals(spec)) {
            throw new ExtensionConfigurationException("one pod network per scope: " + label + " declares both "
                    + declared + " and " + spec);
        }
        declared = spec;
    }

    /** This scope's declared network, built on first use. */
    synchronized PodNetwork network(NetSpec spec) throws NetnsException {
        declare(spec);
        return ownNetwork().network();
    }

    /** A pod on the scope's network: its own, else the nearest enclosing scope's, else a default one of its own. */
    synchronized Pod pod(String name) throws NetnsException {
        if (declared == null && network == null) {
            for (Scope s = parent; s != null; s = s.parent) {
                if (s.hasNetwork()) {
                    return s.podForChild(name, this);
                }
            }
        }
        PodNetwork net = ownNetwork().network();
        for (Pod p : net.pods()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return net.addPod(name); // removed with the network
    }

    private synchronized boolean hasNetwork() {
        return network != null;
    }

    /**
     * A pod on this scope's network requested by a child scope, which owns it unless it already
     * existed. A pod an earlier test kept for inspection is replaced: a test always gets a fresh pod.
     */
    private synchronized Pod podForChild(String name, Scope child) throws NetnsException {
        PodNetwork net = network.network();
        if (keptPods.remove(name)) {
            net.removePod(name);
        }
        for (Pod p : net.pods()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        Pod pod = net.addPod(name);
        child.adopt(new Owned.BorrowedPod(net, pod));
        return pod;
    }

    private synchronized void adopt(Owned o) {
        owned.add(o);
    }

    private Sandbox ownNetwork() throws NetnsException {
        if (network == null) {
            network = Sandbox.create(declared != null ? declared : NetSpec.DEFAULT);
            owned.add(network);
        }
        return network;
    }

    /** The names and namespace inodes of everything this scope holds now (pods included). */
    synchronized void collect(Set<String> names, Set<Long> inodes) {
        for (Owned o : owned) {
            o.collect(names, inodes);
        }
    }

    /** The live namespaces of this scope, for per-namespace link comparisons. */
    synchronized List<NetworkNamespace> namespaces() {
        List<NetworkNamespace> all = new ArrayList<>();
        for (Owned o : owned) {
            all.addAll(o.namespaces());
        }
        return all;
    }

    /** Host ends of the pods of this scope's network: links the network itself adds to its node. */
    synchronized Set<String> expectedNodeLinks() {
        Set<String> links = new HashSet<>();
        if (network != null && !network.network().isClosed()) {
            network.network().pods().forEach(p -> links.add(p.hostInterfaceName()));
        }
        return links;
    }

    /**
     * Removes everything, newest first, going on after failures; the first failure is thrown with
     * the others suppressed.
     */
    synchronized void close() throws Exception {
        Exception first = null;
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                Exception described = new NetnsCleanupException("cleanup of " + owned.get(i).describe() + " after "
                        + label + " failed: " + e.getMessage(), e);
                if (first == null) {
                    first = described;
                } else {
                    first.addSuppressed(described);
                }
            }
        }
        owned.clear();
        network = null;
        if (first != null) {
            throw first;
        }
    }

    /**
     * Abandons everything on purpose (it stays until deleted by hand, or for pods on an enclosing
     * scope's network, until that network goes or a later test asks for the same pod name); returns
     * how to find each piece.
     */
    synchronized List<String> keep() {
        List<String> lines = new ArrayList<>();
        for (Owned o : owned) {
            lines.add(o.describe());
            if (o instanceof Owned.BorrowedPod b) {
                for (Scope s = parent; s != null; s = s.parent) {
                    if (s.ownsNetwork(b.network())) {
                        s.markKept(b.pod().name());
                    }
                }
            }
        }
        return lines;
    }

    private synchronized boolean ownsNetwork(PodNetwork net) {
        return network != null && network.network() == net;
    }

    private synchronized void markKept(String podName) {
        keptPods.add(podName);
    }

    synchronized boolean isEmpty() {
        return owned.isEmpty();
    }

    /** Cleanup of a testkit-owned object failed. */
    static final class NetnsCleanupException extends Exception {
        private static final long serialVersionUID = 1L;

        NetnsCleanupException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
