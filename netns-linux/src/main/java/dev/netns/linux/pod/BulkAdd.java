package dev.netns.linux.pod;

import dev.netns.IpPrefix;
import dev.netns.NetnsException;
import dev.netns.NoSuchLinkException;
import dev.netns.Pod;
import dev.netns.linux.ipam.Allocator;
import dev.netns.linux.ns.LinuxNetworkNamespace;
import dev.netns.linux.rtnl.LinkRequests;
import dev.netns.linux.rtnl.RtnlBatch;
import dev.netns.linux.rtnl.RtnlSession;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@link LinuxPodNetwork#addPods}: the steps of {@code addPod} in the same order, each taken for
 * all pods before the next — reserve every address under one lock of the store (one read of it);
 * create the namespaces; create every veth in shared exchanges on the node's socket, which echo
 * both ends' indexes; send each pod's own requests in one exchange on its socket; then mark every
 * host end in shared exchanges. A killed process leaves what it would have left of as many
 * {@code addPod} calls, which {@code collectGarbage} finishes.
 *
 * <p>One thread does it all: the kernel serialises the link, address and route requests of every
 * namespace on its one RTNL mutex, and a second thread (tried for the namespaces and the pods'
 * own requests) made 100 pods slower on two shared cores, its waiter spinning on that mutex.
 *
 * <p>All or nothing: a failure at any step deletes the host ends and namespaces this call made
 * (never a namespace or link it could not create because the name was taken) and releases every
 * reservation it made, then throws the first failure with the undo's own failures suppressed.
 */
final class BulkAdd {
    /** Pods whose node-side requests share one exchange. */
    static final int PODS_PER_EXCHANGE = 64;

    private final LinuxPodNetwork network;
    private final PodWiring wiring;
    private final Allocator allocator;

    BulkAdd(LinuxPodNetwork network, PodWiring wiring, Allocator allocator) {
        this.network = network;
        this.wiring = wiring;
        this.allocator = allocator;
    }

    /** One pod on its way; each step fills its part. */
    private static final class Planned {
        final String name;
        final String namespaceName;
        final String hostName;
        List<IpPrefix> addresses = List.of();
        LinuxNetworkNamespace namespace;
        RtnlSession.Outcome created;
        /** The kernel made this pod's veth in this call (not when it refused it, nor when its exchange never ran). */
        boolean hostEndMade;
        int hostIndex;

        Planned(String name, String namespaceName) {
            this.name = name;
            this.namespaceName = namespaceName;
            this.hostName = HostInterfaceNames.forNamespace(namespaceName);
        }
    }

    List<Pod> add(Collection<String> names) throws NetnsException {
        List<Planned> pods = plan(names);
        if (pods.isEmpty()) {
            return List.of();
        }
        network.checkOpen();
        List<String> ids = new ArrayList<>(pods.size());
        for (Planned p : pods) {
            ids.add(p.name);
        }
        List<List<IpPrefix>> addresses = allocator.allocateAll(ids, LinuxPod.POD_INTERFACE);
        for (int i = 0; i < pods.size(); i++) {
            pods.get(i).addresses = addresses.get(i);
        }
        try {
            for (Planned p : pods) {
                p.namespace = network.namespaces().create(p.namespaceName); // ip netns add NAME
            }
            createHostEnds(pods);
            for (Planned p : pods) { // the pod's own requests, one exchange on its socket
                wiring.configurePod(p.namespace, LinuxPod.POD_INTERFACE, p.created, p.addresses, network.defaultRoutesVia()).execute();
            }
            mark(pods);
            List<LinuxPod> made = new ArrayList<>(pods.size());
            for (Planned p : pods) {
                made.add(new LinuxPod(p.name, p.namespace, p.addresses, LinuxPod.POD_INTERFACE, p.hostName, p.hostIndex, true));
            }
            return network.rememberAll(made);
        } catch (NetnsException | RuntimeException | Error e) {
            undo(pods, ids, e);
            throw e;
        }
    }

    /** Checks every name before anything is made. */
    private List<Planned> plan(Collection<String> names) {
        Objects.requireNonNull(names, "names");
        List<Planned> pods = new ArrayList<>(names.size());
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            Objects.requireNonNull(name, "a pod name is null");
            if (!seen.add(name)) {
                throw new IllegalArgumentException("pod name " + name + " is given twice: every pod needs a name of its own");
            }
            pods.add(new Planned(name, network.namespaceNameOf(name)));
        }
        return pods;
    }

    /**
     * Every pod's veth (and hairpin), {@link #PODS_PER_EXCHANGE} pods to an exchange: each one
     * datagram or two, and well within the exchange's deadline however many pods are asked for.
     */
    private void createHostEnds(List<Planned> pods) throws NetnsException {
        for (int from = 0; from < pods.size(); from += PODS_PER_EXCHANGE) {
            List<Planned> chunk = pods.subList(from, Math.min(pods.size(), from + PODS_PER_EXCHANGE));
            RtnlBatch nodeRequests = wiring.nodeBatch();
            int[] creation = new int[chunk.size()];
            int next = 0;
            for (int i = 0; i < chunk.size(); i++) {
                Planned p = chunk.get(i);
                creation[i] = next;
                next += wiring.addHostEnd(nodeRequests, p.namespace, p.hostName, LinuxPod.POD_INTERFACE);
            }
            List<RtnlSession.Outcome> outcomes = nodeRequests.exchange();
            for (int i = 0; i < chunk.size(); i++) {
                Planned p = chunk.get(i);
                p.created = outcomes.get(creation[i]);
                p.hostEndMade = p.created.failure().isEmpty();
            }
            RtnlSession.throwFirstFailure(outcomes);
        }
        for (Planned p : pods) {
            p.hostIndex = wiring.hostIndex(p.created, p.hostName);
        }
    }

    /** {@code ip link set HOST alias MARK} for every pod: the last step, {@link #PODS_PER_EXCHANGE} pods to an exchange. */
    private void mark(List<Planned> pods) throws NetnsException {
        for (int from = 0; from < pods.size(); from += PODS_PER_EXCHANGE) {
            RtnlBatch marks = wiring.nodeBatch();
            for (Planned p : pods.subList(from, Math.min(pods.size(), from + PODS_PER_EXCHANGE))) {
                marks.add(LinkRequests.setAlias(p.hostName, Marks.owned(p.namespaceName, p.namespace.id())));
            }
            marks.execute();
        }
    }

    /** Host ends (one exchange: deleting is quick), then namespaces, then reservations (one lock): addPod's undo for all. */
    private void undo(List<Planned> pods, List<String> ids, Throwable original) {
        RtnlBatch hostEnds = wiring.nodeBatch();
        for (Planned p : pods) {
            // a link of the host end's name that this call did not make (refused, or a later exchange never
            // sent) may be someone else's: only the ones the kernel made here go
            if (p.hostEndMade) {
                hostEnds.deleteLink(p.hostName);
            }
        }
        try {
            for (Optional<NetnsException> failure : hostEnds.executeAll()) {
                if (failure.isPresent() && !(failure.get() instanceof NoSuchLinkException)) {
                    original.addSuppressed(failure.get());
                }
            }
        } catch (RuntimeException e) {
            original.addSuppressed(e);
        }
        for (Planned p : pods) {
            if (p.namespace == null) {
                continue;
            }
            try {
                p.namespace.delete();
            } catch (NetnsException | RuntimeException e) {
                original.addSuppressed(e);
            } finally {
                p.namespace.close();
            }
        }
        try {
            allocator.releaseAll(ids, LinuxPod.POD_INTERFACE);
        } catch (NetnsException | RuntimeException e) {
            original.addSuppressed(e);
        }
    }
}
