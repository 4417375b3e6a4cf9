package dev.netns.linux.pod;

import dev.netns.NamespaceId;
import dev.netns.NetnsException;
import dev.netns.NoSuchNamespaceException;
import dev.netns.linux.ipam.Allocator;
import dev.netns.linux.ipam.Reservation;
import dev.netns.linux.ipam.Store;
import dev.netns.linux.ns.LinuxNetworkNamespace;
import dev.netns.linux.ns.NamespaceManager;
import dev.netns.linux.rtnl.LinkMessage;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Removing what is left of a pod, in the order that keeps a {@code kill -9} harmless: host end first
 * (the pod stops being complete, its peer goes with it), then the namespace if the network made it,
 * then the reservations (an address is free only when nothing uses it any more). Each step
 * tolerates its object being gone already, so a removal can be repeated after any crash. A
 * namespace is deleted only if it is still the pod's (by dev/inode): one created again under the
 * pod's name by someone else is left alone, and the removal ends with a
 * {@link NoSuchNamespaceException} naming both, after releasing the pod's addresses.
 */
final class PodTeardown {
    private final NamespaceManager namespaces;
    private final PodWiring wiring;
    private final Allocator allocator;
    /** Set when the host ends were deleted in bulk already (the network's device group). */
    private boolean hostEndsGone;

    /** What a teardown removed, for {@link dev.netns.CollectedGarbage}. */
    final List<String> pods = new ArrayList<>();
    final List<InetAddress> addresses = new ArrayList<>();
    final List<String> hostInterfaces = new ArrayList<>();
    final List<String> deletedNamespaces = new ArrayList<>();

    PodTeardown(NamespaceManager namespaces, PodWiring wiring, Allocator allocator) {
        this.namespaces = namespaces;
        this.wiring = wiring;
        this.allocator = allocator;
    }

    /** The host ends are gone already: {@link #remove} skips that step (it still reads their marks from the scan). */
    PodTeardown hostEndsGone() {
        hostEndsGone = true;
        return this;
    }

    /** Removes one pod, complete or not. */
    void remove(PodScan.Found pod) throws NetnsException {
        removeHostEnd(pod);
        removeRest(pod);
    }

    /** The first step, {@code ip link del HOST}: if it fails, nothing of the pod has changed. */
    void removeHostEnd(PodScan.Found pod) throws NetnsException {
        if (pod.hostEnd().isPresent() && !hostEndsGone) {
            wiring.deleteHostEndIfPresent(pod.hostName());
            hostInterfaces.add(pod.hostName());
        }
    }

    /** The steps after {@link #removeHostEnd}: the namespace if it is still the pod's own, then the reservations. */
    void removeRest(PodScan.Found pod) throws NetnsException {
        NoSuchNamespaceException someoneElses = null;
        Optional<Owned> namespace = ownedNamespace(pod);
        try {
            if (namespace.isPresent() && deleteNamespace(namespace.get())) {
                deletedNamespaces.add(namespace.get().name());
            }
        } catch (NoSuchNamespaceException e) {
            someoneElses = e; // the pod's own namespace is gone: its addresses are free all the same
        }
        release(pod.reservations());
        if (!pod.id().isEmpty()) {
            pods.add(pod.id());
        }
        if (someoneElses != null) {
            throw someoneElses;
        }
    }

    /**
     * Deletes a host end on the bridge that no reservation explains (its reservations were released
     * by someone else, e.g. host-local's DEL), and the namespace {@code addPod} made for it if its
     * mark says so.
     */
    void removeStrayHostEnd(LinkMessage hostEnd) throws NetnsException {
        String name = hostEnd.name().orElseThrow();
        wiring.deleteHostEndIfPresent(name);
        hostInterfaces.add(name);
        Optional<Marks.PodMark> mark = Marks.pod(hostEnd.alias());
        if (mark.isPresent() && mark.get().owned()
                && deleteNamespace(new Owned(mark.get().namespace(), mark.get().identity().orElse(null)))) {
            deletedNamespaces.add(mark.get().namespace());
        }
    }

    /**
     * The namespace {@code addPod} made for the pod, if there is proof it did: the host end's mark
     * says so; or the host end carries the name {@code addPod} gives; or, with no host end left, the
     * run directory holds the pod's namespace name and that namespace is bare (nothing but
     * {@code lo}: a removal or an add killed between its namespace and its veth) or is a file with no
     * namespace mounted on it (an add killed inside {@code ip netns add}).
     */
    private Optional<Owned> ownedNamespace(PodScan.Found pod) throws NetnsException {
        Optional<Marks.PodMark> mark = pod.mark();
        if (mark.isPresent()) {
            return mark.get().owned() ? Optional.of(new Owned(mark.get().namespace(), mark.get().identity().orElse(null)))
                    : Optional.empty();
        }
        if (pod.id().isEmpty() || !(pod.interfaceName().isEmpty() || pod.interfaceName().equals(LinuxPod.POD_INTERFACE))) {
            return Optional.empty();
        }
        String name = pod.ownedName();
        if (pod.hostEnd().isPresent()) {
            return pod.hostName().equals(HostInterfaceNames.forNamespace(name)) ? Optional.of(new Owned(name, null)) : Optional.empty();
        }
        if (!namespaces.list().contains(name)) {
            return Optional.empty();
        }
        if (!namespaces.exists(name)) {
            return Optional.of(new Owned(name, null)); // a bare file: the namespace was never bound to it
        }
        try (LinuxNetworkNamespace ns = namespaces.open(name)) {
            boolean bare = ns.links().list().stream().allMatch(l -> l.name().equals("lo"));
            return bare ? Optional.of(new Owned(name, ns.id())) : Optional.empty(); // the very namespace judged bare
        } catch (NoSuchNamespaceException gone) {
            return Optional.empty();
        }
    }

    /**
     * A namespace to delete: its run-directory name and, when known, its identity.
     *
     * @param identity the namespace meant, or {@code null} for whatever network namespace bears the name
     */
    private record Owned(String name, NamespaceId identity) {
    }

    /**
     * {@code ip netns del NAME}, only if the name still denotes {@code identity}: false if it is
     * gone already.
     *
     * @throws NoSuchNamespaceException naming both if the name now denotes another namespace (left alone)
     */
    private boolean deleteNamespace(Owned namespace) throws NetnsException {
        try {
            namespaces.delete(namespace.name(), namespace.identity());
            return true;
        } catch (NoSuchNamespaceException e) {
            if (namespace.identity() != null && namespaces.list().contains(namespace.name())) {
                throw e; // someone else's namespace under the pod's name
            }
            return false;
        }
    }

    private void release(List<Reservation> reservations) throws NetnsException {
        if (reservations.isEmpty()) {
            return;
        }
        Store store = allocator.store();
        try (Store.Held held = store.lock()) {
            for (Reservation r : reservations) {
                if (store.release(r)) {
                    addresses.add(r.address());
                }
            }
        }
    }

    /**
     * Undoes a half-made pod of {@code addPod} or {@code attach}, in teardown order: its host end
     * ({@code hostName}; null if none was made), its namespace (deleted if the call made it, else
     * only the handle closed), its reservations. Failures are added to {@code original}.
     */
    static void undoAdd(PodWiring wiring, Allocator allocator, String id, String interfaceName, String hostName,
                        LinuxNetworkNamespace ns, boolean deleteNamespace, Throwable original) {
        try {
            if (hostName != null) {
                wiring.deleteHostEndIfPresent(hostName);
            }
        } catch (NetnsException | RuntimeException e) {
            original.addSuppressed(e);
        }
        if (ns != null) {
            try {
                if (deleteNamespace) {
                    ns.delete();
                }
            } catch (NetnsException | RuntimeException e) {
                original.addSuppressed(e);
            } finally {
                ns.close();
            }
        }
        try {
            allocator.release(id, interfaceName);
        } catch (NetnsException | RuntimeException e) {
            original.addSuppressed(e);
        }
    }
}
