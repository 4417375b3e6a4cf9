package dev.netns.linux.pod;

import dev.netns.CollectedGarbage;
import dev.netns.IpPrefix;
import dev.netns.NetnsException;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import dev.netns.Pod;
import dev.netns.PodNetwork;
import dev.netns.linux.ns.LinuxNetworkNamespace;
import dev.netns.linux.ns.NamespaceManager;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A pod network in a node namespace. The lock guards only the bookkeeping (pods, pending names,
 * address pools); kernel work runs outside it, so pods are set up and torn down in parallel.
 *
 * <p>Ownership: the network owns the bridge, every pod namespace and veth, and the node handle only
 * when it opened it itself (no node given). All of the network's devices share a device group
 * unused by anything else in the node namespace, so {@link #close()} removes them with one
 * request, which the kernel serves with one RCU grace period instead of one per device.
 */
public final class LinuxPodNetwork implements PodNetwork {
    private final NamespaceManager namespaces;
    private final LinuxNetworkNamespace node;
    private final boolean ownsNode;
    private final Spec spec;
    private final PodWiring wiring;
    private final List<AddressPool> pools;
    private final List<IpPrefix> gateways;

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, LinuxPod> pods = new LinkedHashMap<>();
    private final Set<String> pending = new HashSet<>();
    private final Set<String> hostNames = new HashSet<>();
    private boolean closed;

    private LinuxPodNetwork(NamespaceManager namespaces, LinuxNetworkNamespace node, boolean ownsNode, Spec spec,
                            PodWiring wiring, List<AddressPool> pools) {
        this.namespaces = namespaces;
        this.node = node;
        this.ownsNode = ownsNode;
        this.spec = spec;
        this.wiring = wiring;
        this.pools = pools;
        this.gateways = pools.stream().map(AddressPool::gateway).toList();
    }

    /** Builds the bridge with its gateways in the node namespace; nothing is left behind on failure. */
    public static LinuxPodNetwork create(NamespaceManager namespaces, Spec spec) throws NetnsException {
        boolean ownsNode = spec.node().isEmpty();
        LinuxNetworkNamespace node = ownsNode ? namespaces.current() : linux(spec.node().get());
        try {
            List<AddressPool> pools = spec.subnets().stream().map(AddressPool::new).toList();
            PodWiring wiring = PodWiring.createBridge(node, spec, pools.stream().map(AddressPool::gateway).toList());
            return new LinuxPodNetwork(namespaces, node, ownsNode, spec, wiring, pools);
        } catch (NetnsException | RuntimeException | Error e) {
            if (ownsNode) {
                node.close();
            }
            throw e;
        }
    }

    private static LinuxNetworkNamespace linux(NetworkNamespace ns) {
        if (ns instanceof LinuxNetworkNamespace l) {
            return l;
        }
        throw new IllegalArgumentException("node is not a handle of the netns-linux provider: " + ns);
    }

    @Override
    public NetworkNamespace node() {
        return node;
    }

    @Override
    public String bridgeName() {
        return spec.bridgeName();
    }

    @Override
    public List<IpPrefix> subnets() {
        return spec.subnets();
    }

    @Override
    public List<IpPrefix> gateways() {
        return gateways;
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public Optional<Path> stateDirectory() {
        return spec.networkDirectory();
    }

    @Override
    public Pod attach(String id, NetworkNamespace namespace, String interfaceName) {
        throw new UnsupportedOperationException("attach is not implemented yet on this branch");
    }

    @Override
    public void detach(String id) {
        throw new UnsupportedOperationException("detach is not implemented yet on this branch");
    }

    @Override
    public CollectedGarbage collectGarbage(Set<String> liveIds) {
        throw new UnsupportedOperationException("collectGarbage is not implemented yet on this branch");
    }

    @Override
    public void delete() throws NetnsException {
        close();
    }

    @Override
    public Pod addPod(String name) throws NetnsException {
        String namespaceName = spec.namespacePrefix() + name;
        NetworkNamespaces.checkName(name);
        NetworkNamespaces.checkName(namespaceName);
        String hostName = HostInterfaceNames.forNamespace(namespaceName);
        List<IpPrefix> addresses = reserve(name, hostName);
        LinuxNetworkNamespace ns = null;
        try {
            ns = namespaces.create(namespaceName);
            wiring.attach(ns, hostName, addresses, gateways);
            LinuxPod pod = new LinuxPod(name, ns, addresses, hostName);
            lock.lock();
            try {
                if (closed) { // closed while this pod was being built: close() did not see it, so undo it here
                    throw new IllegalStateException("pod network " + spec.bridgeName() + " was closed while pod "
                            + name + " was being added");
                }
                pending.remove(name);
                pods.put(name, pod);
            } finally {
                lock.unlock();
            }
            return pod;
        } catch (NetnsException | RuntimeException | Error e) {
            if (ns != null) {
                rollback(ns, hostName, e);
            }
            unreserve(name, hostName, addresses);
            throw e;
        }
    }

    /** Claims the name and the addresses, or fails without claiming anything. */
    private List<IpPrefix> reserve(String name, String hostName) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("pod network " + spec.bridgeName() + " is closed");
            }
            if (pods.containsKey(name) || pending.contains(name)) {
                throw new IllegalStateException("pod " + name + " already exists in network " + spec.bridgeName());
            }
            if (hostNames.contains(hostName)) {
                throw new IllegalStateException("pod " + name + " would reuse host interface name " + hostName
                        + " (hash collision); choose another pod name");
            }
            List<IpPrefix> addresses = new ArrayList<>();
            try {
                for (AddressPool pool : pools) {
                    addresses.add(pool.allocate());
                }
            } catch (IllegalStateException exhausted) {
                release(addresses);
                throw exhausted;
            }
            pending.add(name);
            hostNames.add(hostName);
            return addresses;
        } finally {
            lock.unlock();
        }
    }

    private void unreserve(String name, String hostName, List<IpPrefix> addresses) {
        lock.lock();
        try {
            pending.remove(name);
            hostNames.remove(hostName);
            release(addresses);
        } finally {
            lock.unlock();
        }
    }

    private void release(List<IpPrefix> addresses) {
        for (IpPrefix a : addresses) {
            for (AddressPool pool : pools) {
                if (pool.subnet().contains(a.address())) {
                    pool.release(a.address());
                }
            }
        }
    }

    /** Undoes a half-made pod: its host end (if made) and its namespace. Failures join the original one. */
    private void rollback(LinuxNetworkNamespace ns, String hostName, Throwable original) {
        try {
            wiring.deleteHostEndIfPresent(hostName);
        } catch (NetnsException | RuntimeException e) {
            original.addSuppressed(e);
        }
        try {
            ns.delete();
        } catch (NetnsException | RuntimeException e) {
            original.addSuppressed(e);
            ns.close();
        }
    }

    @Override
    public Pod pod(String name) {
        lock.lock();
        try {
            LinuxPod pod = pods.get(name);
            if (pod == null) {
                throw new NoSuchElementException("no pod " + name + " in network " + spec.bridgeName());
            }
            return pod;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<Pod> pods() {
        lock.lock();
        try {
            return List.copyOf(pods.values());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void removePod(String name) throws NetnsException {
        LinuxPod pod;
        lock.lock();
        try {
            pod = pods.remove(name);
            if (pod == null) {
                throw new NoSuchElementException("no pod " + name + " in network " + spec.bridgeName());
            }
        } finally {
            lock.unlock();
        }
        try {
            // the host end first, synchronously: its name is free for a pod of the same name at once
            wiring.deleteHostEndIfPresent(pod.hostInterfaceName());
            pod.linuxNamespace().delete();
        } finally {
            pod.linuxNamespace().close();
            unreserve(name, pod.hostInterfaceName(), pod.addresses());
        }
    }

    @Override
    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() throws NetnsException {
        List<LinuxPod> all;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            all = new ArrayList<>(pods.values());
            pods.clear();
        } finally {
            lock.unlock();
        }
        List<Throwable> failures = new ArrayList<>();
        try {
            wiring.deleteAll(); // bridge and every host end in one request: one grace period in all
        } catch (NetnsException | RuntimeException e) {
            failures.add(e);
        }
        for (LinuxPod pod : all) {
            try {
                pod.linuxNamespace().delete();
            } catch (NetnsException | RuntimeException e) {
                failures.add(e);
            } finally {
                pod.linuxNamespace().close();
            }
        }
        if (ownsNode) {
            node.close();
        }
        if (!failures.isEmpty()) {
            Throwable first = failures.getFirst();
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            if (first instanceof NetnsException n) {
                throw n;
            }
            throw (RuntimeException) first;
        }
    }

    @Override
    public String toString() {
        return "PodNetwork[" + spec.bridgeName() + " " + spec.subnets() + " in " + node + ", " + pods().size() + " pods]";
    }
}
