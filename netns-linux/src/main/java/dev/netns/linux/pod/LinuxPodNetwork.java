package dev.netns.linux.pod;

import dev.netns.CollectedGarbage;
import dev.netns.InterfaceNames;
import dev.netns.IpPrefix;
import dev.netns.NetnsException;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import dev.netns.Pod;
import dev.netns.PodNetwork;
import dev.netns.linux.ipam.Allocator;
import dev.netns.linux.ipam.Snapshot;
import dev.netns.linux.ipam.Store;
import dev.netns.linux.ns.LinuxNetworkNamespace;
import dev.netns.linux.ns.NamespaceManager;
import dev.netns.linux.rtnl.LinkMessage;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A pod network in a node namespace. The kernel and the store are the truth: pods are found by
 * reading both ({@link PodScan}), so pods made by other processes are seen; this object only keeps
 * its own namespace handles of the pods it has handed out. Every change follows one order — reserve,
 * create, configure, mark; unmark (delete the host end), delete, release — so whatever a killed
 * process leaves is something {@link #collectGarbage} finishes ({@link PodTeardown}).
 *
 * <p>Ownership: a network from {@link #create} owns everything and {@link #close()} deletes it; one
 * from {@link #open} is shared and {@code close()} releases only this handle. Either way the network
 * holds a node handle of its own (opened itself, or a duplicate of the caller's, so the caller may
 * close theirs at any time; {@link #node()} returns the caller's). A pod's namespace is deleted only
 * if it is still the one {@code addPod} made (by dev/inode, recorded in the host end's mark), never
 * one created again under its name by someone else.
 */
public final class LinuxPodNetwork implements PodNetwork {
    private final NamespaceManager namespaces;
    private final LinuxNetworkNamespace node;
    private final NetworkNamespace callerNode;
    private final Spec spec;
    private final PodWiring wiring;
    private final Allocator allocator;
    private final List<IpPrefix> gateways;
    private final boolean shared;

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, LinuxPod> handles = new HashMap<>();
    private boolean closed;

    LinuxPodNetwork(NamespaceManager namespaces, LinuxNetworkNamespace node, NetworkNamespace callerNode, Spec spec,
                    PodWiring wiring, Allocator allocator, boolean shared) {
        this.namespaces = namespaces;
        this.node = node;
        this.callerNode = callerNode;
        this.spec = spec;
        this.wiring = wiring;
        this.allocator = allocator;
        this.gateways = NetworkSetup.gateways(allocator.ranges());
        this.shared = shared;
    }

    /** 0.1's {@code create()}: fails if the bridge exists; the network is this object's. */
    public static LinuxPodNetwork create(NamespaceManager namespaces, Spec spec) throws NetnsException {
        return NetworkSetup.create(namespaces, spec);
    }

    /** {@code open()}: attaches to the network's bridge, or creates it; shared with other processes. */
    public static LinuxPodNetwork open(NamespaceManager namespaces, Spec spec) throws NetnsException {
        return NetworkSetup.open(namespaces, spec);
    }

    @Override
    public NetworkNamespace node() {
        return callerNode;
    }

    @Override
    public String bridgeName() {
        return spec.bridgeName();
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
    public List<IpPrefix> subnets() {
        return spec.subnets();
    }

    @Override
    public List<IpPrefix> gateways() {
        return gateways;
    }

    /** The gateways a new pod's default routes go via: none if the spec says pods get no default route. */
    List<IpPrefix> defaultRoutesVia() {
        return spec.defaultRoutes() ? gateways : List.of();
    }

    @Override
    public Pod addPod(String name) throws NetnsException {
        String namespaceName = namespaceNameOf(name);
        String hostName = HostInterfaceNames.forNamespace(namespaceName);
        checkOpen();
        List<IpPrefix> addresses = allocator.allocate(name, LinuxPod.POD_INTERFACE);
        LinuxNetworkNamespace ns = null;
        String made = null; // the host end, once attach made it (never a link of its name that attach was refused for)
        try {
            ns = namespaces.create(namespaceName);
            int hostIndex = wiring.attach(ns, hostName, LinuxPod.POD_INTERFACE, addresses, defaultRoutesVia());
            made = hostName;
            wiring.mark(hostName, Marks.owned(namespaceName, ns.id()));
            return remember(new LinuxPod(name, ns, addresses, LinuxPod.POD_INTERFACE, hostName, hostIndex, true));
        } catch (NetnsException | RuntimeException | Error e) {
            PodTeardown.undoAdd(wiring, allocator, name, LinuxPod.POD_INTERFACE, made, ns, true, e);
            throw e;
        }
    }

    /**
     * The run-directory name of the pod's namespace, after checking both names.
     *
     * @throws IllegalArgumentException if either is not valid, or the namespace name does not fit a mark
     */
    String namespaceNameOf(String name) {
        NetworkNamespaces.checkName(name);
        if (spec.stateDirectory().isPresent()) {
            PodIds.check(name);
        }
        String namespaceName = spec.namespacePrefix() + name;
        NetworkNamespaces.checkName(namespaceName);
        Marks.checkOwned(namespaceName);
        return namespaceName;
    }

    @Override
    public Pod attach(String id, NetworkNamespace namespace, String interfaceName) throws NetnsException {
        PodIds.check(id);
        InterfaceNames.check(interfaceName);
        LinuxNetworkNamespace target = linux(namespace, "namespace");
        String mark = Marks.borrowed(target.path());
        String hostName = HostInterfaceNames.forAttachment(spec.name(), id, interfaceName);
        checkOpen();
        List<IpPrefix> addresses = allocator.allocate(id, interfaceName);
        LinuxNetworkNamespace own = null;
        String made = null;
        try {
            own = namespaces.open(target.path());
            int hostIndex = wiring.attach(target, hostName, interfaceName, addresses, defaultRoutesVia());
            made = hostName;
            wiring.mark(hostName, mark);
            return remember(new LinuxPod(id, own, addresses, interfaceName, hostName, hostIndex, false));
        } catch (NetnsException | RuntimeException | Error e) {
            PodTeardown.undoAdd(wiring, allocator, id, interfaceName, made, own, false, e);
            throw e;
        }
    }

    /** Each step of {@link #addPod} for all pods before the next, with shared exchanges ({@link BulkAdd}). */
    @Override
    public List<Pod> addPods(Collection<String> names) throws NetnsException {
        return new BulkAdd(this, wiring, allocator).add(names);
    }

    private LinuxPod remember(LinuxPod pod) {
        rememberAll(List.of(pod));
        return pod;
    }

    /** Keeps the handles of new pods, all or none: none after {@link #close()} (then the caller's catch undoes them). */
    List<Pod> rememberAll(List<LinuxPod> pods) {
        lock.lock();
        try {
            if (closed) { // close() did not see these pods
                throw new IllegalStateException("pod network " + spec.name() + " was closed while pod"
                        + (pods.size() == 1 ? " " + pods.getFirst().id() + " was" : "s were") + " being added");
            }
            for (LinuxPod pod : pods) {
                LinuxPod old = handles.put(pod.id(), pod);
                if (old != null) {
                    old.linuxNamespace().close();
                }
            }
            return List.copyOf(pods);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void detach(String id) throws NetnsException {
        checkOpen();
        remove(id, false);
    }

    /**
     * {@code ip link del HOST; ip netns del POD}. If the host end cannot be deleted the pod stays as
     * it was (complete, its handle kept, its addresses reserved) and this throws; once it is gone the
     * namespace is deleted only if it is still the pod's own, and the addresses are released.
     *
     * @throws dev.netns.NoSuchNamespaceException naming both identities if the pod's namespace name
     *         now denotes a namespace created again by someone else (left alone; the pod is removed)
     */
    @Override
    public void removePod(String name) throws NetnsException {
        checkOpen();
        remove(name, true);
    }

    private void remove(String id, boolean mustExist) throws NetnsException {
        List<LinkMessage> links = wiring.nodeLinks();
        List<PodScan.Found> found = new ArrayList<>();
        for (PodScan.Found f : scan(links)) {
            if (f.id().equals(id)) {
                found.add(f);
            }
        }
        if (found.isEmpty()) { // no reservation left: a removal killed after releasing, or never added
            PodScan.Found rest = PodScan.withoutReservations(id, LinuxPod.POD_INTERFACE, links, spec.name(), spec.namespacePrefix());
            found = rest.hostEnd().isPresent() ? List.of(rest) : List.of();
        }
        if (found.isEmpty() && mustExist) {
            throw new NoSuchElementException("no pod " + id + " in network " + spec.name());
        }
        PodTeardown teardown = new PodTeardown(namespaces, wiring, allocator);
        for (PodScan.Found f : found) {
            teardown.removeHostEnd(f); // if this fails the pod is still complete, with its handle
        }
        forget(id);
        for (PodScan.Found f : found) {
            teardown.removeRest(f);
        }
    }

    private void forget(String id) {
        lock.lock();
        try {
            LinuxPod old = handles.remove(id);
            if (old != null) {
                old.linuxNamespace().close();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public CollectedGarbage collectGarbage(Set<String> liveIds) throws NetnsException {
        checkOpen();
        Set<String> live = Set.copyOf(liveIds);
        List<LinkMessage> links = wiring.nodeLinks();
        Snapshot snapshot = snapshot();
        List<PodScan.Found> found = PodScan.scan(snapshot, links, spec.name(), spec.namespacePrefix());
        PodTeardown teardown = new PodTeardown(namespaces, wiring, allocator);
        Set<String> kept = new HashSet<>();
        for (PodScan.Found f : found) {
            if (live.contains(f.id()) && f.complete(allocator.ranges())) {
                kept.add(f.hostName());
            } else {
                teardown.removeHostEnd(f);
                forget(f.id());
                teardown.removeRest(f);
            }
        }
        for (LinkMessage m : links) { // host ends on the bridge that no reservation explains
            String name = m.name().orElse("");
            boolean port = m.toLink().masterIndex().orElse(-1) == wiring.bridgeIndex();
            if (port && !kept.contains(name) && !teardown.hostInterfaces.contains(name)) {
                teardown.removeStrayHostEnd(m);
            }
        }
        return new CollectedGarbage(teardown.pods, teardown.addresses, teardown.hostInterfaces, teardown.deletedNamespaces,
                snapshot.problems());
    }

    @Override
    public Pod pod(String name) {
        for (Pod p : pods()) {
            if (p.id().equals(name)) {
                return p;
            }
        }
        throw new NoSuchElementException("no pod " + name + " in network " + spec.name());
    }

    @Override
    public List<Pod> pods() {
        checkOpen();
        try {
            List<PodScan.Found> complete = new ArrayList<>();
            for (PodScan.Found f : scan(wiring.nodeLinks())) {
                if (f.complete(allocator.ranges())) {
                    complete.add(f);
                }
            }
            return PodHandles.refresh(this, complete);
        } catch (NetnsException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The handles this network keeps, for {@link PodHandles}: touched only under {@link #lock}. */
    Map<String, LinuxPod> handles() {
        return handles;
    }

    ReentrantLock lock() {
        return lock;
    }

    NamespaceManager namespaces() {
        return namespaces;
    }

    List<dev.netns.linux.ipam.AddressRange> ranges() {
        return allocator.ranges();
    }

    private List<PodScan.Found> scan(List<LinkMessage> links) throws NetnsException {
        return PodScan.scan(snapshot(), links, spec.name(), spec.namespacePrefix());
    }

    private Snapshot snapshot() throws NetnsException {
        Store store = allocator.store();
        try (Store.Held held = store.lock()) {
            return store.read(allocator.ranges());
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

    void checkOpen() {
        if (isClosed()) {
            throw new IllegalStateException("pod network " + spec.name() + " is closed");
        }
    }

    @Override
    public void delete() throws NetnsException {
        if (!markClosed() && !shared) {
            return; // a created network's close() already deleted it
        }
        List<Throwable> failures = new ArrayList<>();
        NetworkSetup.teardown(this, wiring, allocator, failures);
        finish(failures);
    }

    @Override
    public void close() throws NetnsException {
        if (!shared) {
            delete();
            return;
        }
        if (markClosed()) {
            finish(new ArrayList<>());
        }
    }

    /** Closes this handle's state; true if this call did. */
    private boolean markClosed() {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            closed = true;
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void finish(List<Throwable> failures) throws NetnsException {
        lock.lock();
        try {
            for (LinuxPod p : handles.values()) {
                p.linuxNamespace().close();
            }
            handles.clear();
        } finally {
            lock.unlock();
        }
        allocator.store().close();
        node.close();
        if (!failures.isEmpty()) {
            Throwable first = failures.getFirst();
            for (Throwable later : failures.subList(1, failures.size())) {
                first.addSuppressed(later);
            }
            if (first instanceof NetnsException n) {
                throw n;
            }
            if (first instanceof Error err) {
                throw err;
            }
            throw (RuntimeException) first;
        }
    }

    Spec spec() {
        return spec;
    }

    static LinuxNetworkNamespace linux(NetworkNamespace ns, String what) {
        if (ns instanceof LinuxNetworkNamespace l) {
            return l;
        }
        throw new IllegalArgumentException(what + " is not a handle of the netns-linux provider: " + ns);
    }

    @Override
    public String toString() {
        return "PodNetwork[" + spec.name() + ", bridge " + spec.bridgeName() + " " + spec.subnets() + " in " + node
                + (shared ? ", shared" : "") + "]";
    }
}
