package dev.netns.linux.pod;

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
 * tolerates its object being gone already, so a removal can be repeated after any crash.
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
        if (pod.hostEnd().isPresent() && !hostEndsGone) {
            wiring.deleteHostEndIfPresent(pod.hostName());
            hostInterfaces.add(pod.hostName());
        }
        Optional<String> namespace = ownedNamespace(pod);
        if (namespace.isPresent() && deleteNamespace(namespace.get())) {
            deletedNamespaces.add(namespace.get());
        }
        release(pod.reservations());
        if (!pod.id().isEmpty()) {
            pods.add(pod.id());
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
        if (mark.isPresent() && mark.get().owned() && deleteNamespace(mark.get().namespace())) {
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
    private Optional<String> ownedNamespace(PodScan.Found pod) throws NetnsException {
        Optional<Marks.PodMark> mark = pod.mark();
        if (mark.isPresent()) {
            return mark.get().owned() ? Optional.of(mark.get().namespace()) : Optional.empty();
        }
        if (pod.id().isEmpty() || !(pod.interfaceName().isEmpty() || pod.interfaceName().equals(LinuxPod.POD_INTERFACE))) {
            return Optional.empty();
        }
        String name = pod.ownedName();
        if (pod.hostEnd().isPresent()) {
            return pod.hostName().equals(HostInterfaceNames.forNamespace(name)) ? Optional.of(name) : Optional.empty();
        }
        if (!namespaces.list().contains(name)) {
            return Optional.empty();
        }
        if (!namespaces.exists(name)) {
            return Optional.of(name); // a bare file: the namespace was never bound to it
        }
        try (LinuxNetworkNamespace ns = namespaces.open(name)) {
            boolean bare = ns.links().list().stream().allMatch(l -> l.name().equals("lo"));
            return bare ? Optional.of(name) : Optional.empty();
        } catch (NoSuchNamespaceException gone) {
            return Optional.empty();
        }
    }

    private boolean deleteNamespace(String name) throws NetnsException {
        try {
            namespaces.delete(name);
            return true;
        } catch (NoSuchNamespaceException gone) {
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
}
