package dev.netns.linux.pod;

import dev.netns.IpPrefix;
import dev.netns.NetnsException;
import dev.netns.PodNetwork.Spec;
import dev.netns.PodSubnet;
import dev.netns.linux.ipam.AddressRange;
import dev.netns.linux.ipam.Allocator;
import dev.netns.linux.ipam.DiskStore;
import dev.netns.linux.ipam.MemoryStore;
import dev.netns.linux.ipam.Snapshot;
import dev.netns.linux.ipam.Store;
import dev.netns.linux.ns.LinuxNetworkNamespace;
import dev.netns.linux.ns.NamespaceManager;
import dev.netns.linux.rtnl.LinkMessage;
import dev.netns.linux.rtnl.RtnlSession;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Making, finding and removing a network as a whole. Both {@code create} and {@code open} hold the
 * store's lock while they look at the node and build the bridge, so two processes opening one
 * network at once are serialized: one creates, the other finds the bridge and attaches. The state
 * directory is made (and must be writable) before anything in the kernel, so a bad directory fails
 * with nothing made.
 */
final class NetworkSetup {
    private NetworkSetup() {
    }

    static LinuxPodNetwork create(NamespaceManager namespaces, Spec spec) throws NetnsException {
        Store store = spec.networkDirectory().isPresent() ? DiskStore.open(spec.networkDirectory().get()) : new MemoryStore();
        return build(namespaces, spec, store, false);
    }

    static LinuxPodNetwork open(NamespaceManager namespaces, Spec spec) throws NetnsException {
        if (spec.networkDirectory().isEmpty()) {
            throw new IllegalArgumentException("open() needs a state directory");
        }
        Path dir = spec.networkDirectory().get();
        return build(namespaces, spec, DiskStore.open(dir), true);
    }

    private static LinuxPodNetwork build(NamespaceManager namespaces, Spec spec, Store store, boolean shared) throws NetnsException {
        List<AddressRange> ranges = new ArrayList<>();
        for (PodSubnet pool : spec.ranges()) {
            ranges.add(new AddressRange(pool, ranges.size()));
        }
        List<IpPrefix> gateways = gateways(ranges);
        LinuxNetworkNamespace node;
        try { // the network's own node handle: the caller may close theirs before the network
            node = spec.node().isEmpty() ? namespaces.current() : LinuxPodNetwork.linux(spec.node().get(), "node").duplicate();
        } catch (NetnsException | RuntimeException | Error e) {
            store.close();
            throw e;
        }
        try {
            PodWiring wiring;
            try (Store.Held held = store.lock()) {
                RtnlSession session = PodWiring.session(node);
                Optional<PodWiring> existing = shared ? PodWiring.find(node, spec) : Optional.empty();
                if (existing.isPresent()) {
                    wiring = existing.get();
                    List<IpPrefix> missing = NodeChecks.checkBridge(session, wiring, spec, gateways);
                    NodeChecks.refuseOverlaps(session, spec, wiring.bridgeIndex());
                    if (!missing.isEmpty() && spec.gatewayOnBridge()) { // its creator was killed before adding them
                        wiring.addGateways(missing);
                    }
                    if (Marks.networkName(wiring.bridge().alias()).isEmpty()) {
                        wiring.mark(spec.bridgeName(), Marks.network(spec.name(), spec.gatewayOnBridge(), spec.subnets()));
                    }
                } else {
                    // create(): with the name taken, creating the bridge fails with the kernel's EEXIST, as in 0.1
                    if (shared || session.links().find(spec.bridgeName()).isEmpty()) {
                        NodeChecks.refuseOverlaps(session, spec, -1);
                    }
                    wiring = PodWiring.createBridge(node, spec, gateways);
                }
            }
            return new LinuxPodNetwork(namespaces, node, spec.node().orElse(node), spec, wiring, new Allocator(store, ranges), shared);
        } catch (NetnsException | RuntimeException | Error e) {
            store.close();
            node.close();
            throw e;
        }
    }

    /**
     * Removes the whole network: the bridge and every host end (one request for the device group
     * when the network has its own), then each pod's namespace if the network made it, then the
     * reservations and the store. Failures are collected and the rest still removed.
     */
    static void teardown(LinuxPodNetwork net, PodWiring wiring, Allocator allocator, List<Throwable> failures) {
        Spec spec = net.spec();
        List<PodScan.Found> found = List.of();
        try {
            List<LinkMessage> links = wiring.nodeLinks();
            Snapshot snapshot;
            try (Store.Held held = allocator.store().lock()) {
                snapshot = allocator.store().read(allocator.ranges());
            }
            found = PodScan.scan(snapshot, links, spec.name(), spec.namespacePrefix());
            if (wiring.group() != 0) {
                wiring.deleteAll();
            } else {
                for (LinkMessage m : links) {
                    if (m.toLink().masterIndex().orElse(-1) == wiring.bridgeIndex()) {
                        wiring.deleteHostEndIfPresent(m.name().orElseThrow());
                    }
                }
                wiring.deleteBridgeIfPresent();
            }
        } catch (NetnsException | RuntimeException e) {
            failures.add(e);
        }
        PodTeardown teardown = new PodTeardown(net.namespaces(), wiring, allocator).hostEndsGone();
        for (PodScan.Found f : found) {
            try {
                teardown.remove(f);
            } catch (NetnsException | RuntimeException e) {
                failures.add(e);
            }
        }
        try (Store.Held held = allocator.store().lock()) {
            allocator.store().destroy();
        } catch (NetnsException | RuntimeException e) {
            failures.add(e);
        }
    }

    /**
     * The gateway of each range, in order. Here and in the rest of this package, loops rather than
     * streams and lambdas: a fresh JVM spins a class for each lambda on its first use, about a
     * millisecond apiece before its first pod.
     */
    static List<IpPrefix> gateways(List<AddressRange> ranges) {
        List<IpPrefix> out = new ArrayList<>(ranges.size());
        for (AddressRange r : ranges) {
            out.add(r.gateway());
        }
        return List.copyOf(out);
    }
}
