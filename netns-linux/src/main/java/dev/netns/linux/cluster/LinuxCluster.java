package dev.netns.linux.cluster;

import dev.netns.Cluster;
import dev.netns.ClusterNode;
import dev.netns.IpPrefix;
import dev.netns.NetnsException;
import dev.netns.NetworkNamespace;
import dev.netns.PodNetwork;
import dev.netns.linux.netlink.NetlinkRequest;
import dev.netns.linux.ns.LinuxNetworkNamespace;
import dev.netns.linux.ns.NamespaceManager;
import dev.netns.linux.pod.LinuxPodNetwork;
import dev.netns.linux.rtnl.RtnlSession;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * {@link Cluster} on Linux: an {@link Underlay}, nodes made by {@link #addNode()}, and a
 * {@link PeerWiring} that tells each node how to reach the others' pods. Adding a node costs one
 * batch of requests on the new node (all its peers) and one on each existing node (the newcomer).
 *
 * <p>Mutations are serialized on this object; {@link #nodes()} and {@link #node(int)} read a
 * concurrent map and never block.
 */
public final class LinuxCluster implements Cluster {
    private static final String POD_BRIDGE = "cni0";

    private final NamespaceManager namespaces;
    private final Spec spec;
    private final PeerWiring wiring;
    private final Underlay underlay;
    private final ConcurrentSkipListMap<Integer, LinuxClusterNode> nodes = new ConcurrentSkipListMap<>();
    private volatile boolean closed;

    private LinuxCluster(NamespaceManager namespaces, Spec spec, Underlay underlay) {
        this.namespaces = namespaces;
        this.spec = spec;
        this.wiring = PeerWiring.of(spec);
        this.underlay = underlay;
    }

    /** Builds the underlay and {@code spec.nodes()} nodes; on failure removes everything made and rethrows. */
    public static LinuxCluster create(NamespaceManager namespaces, Spec spec) throws NetnsException {
        LinuxCluster cluster = new LinuxCluster(namespaces, spec, Underlay.create(namespaces, spec));
        try {
            for (int i = 0; i < spec.nodes(); i++) {
                cluster.addNode();
            }
            return cluster;
        } catch (NetnsException | RuntimeException | Error e) {
            Teardown.quietly(cluster::close, e);
            throw e;
        }
    }

    @Override
    public Spec spec() {
        return spec;
    }

    @Override
    public ClusterNode node(int index) {
        ensureOpen();
        LinuxClusterNode n = nodes.get(index);
        if (n == null) {
            throw new NoSuchElementException("cluster " + spec.name() + " has no node " + index + "; nodes: " + nodes.keySet());
        }
        return n;
    }

    @Override
    public List<ClusterNode> nodes() {
        ensureOpen();
        return List.copyOf(nodes.values());
    }

    @Override
    public NetworkNamespace underlay() {
        ensureOpen();
        return underlay.namespace();
    }

    @Override
    public synchronized ClusterNode addNode() throws NetnsException {
        ensureOpen();
        int index = 0;
        while (nodes.containsKey(index)) {
            index++;
        }
        if (index >= spec.maxNodes()) {
            throw new IllegalStateException("cluster " + spec.name() + " is full: pod CIDR " + spec.podCidr() + " in /"
                    + spec.nodeSubnetLength() + " subnets and underlay " + spec.underlayCidr() + " have room for "
                    + spec.maxNodes() + " nodes");
        }
        LinuxNetworkNamespace ns = namespaces.create(spec.nodeName(index));
        PodNetwork pods = null;
        List<LinuxClusterNode> told = new ArrayList<>();
        LinuxClusterNode node = null;
        try {
            IpPrefix underlayAddress = spec.underlayAddress(index);
            IpPrefix podSubnet = spec.podSubnet(index);
            underlay.plug(index, ns);
            LinuxClusterNode.configureMachine(ns, underlayAddress);
            Optional<PeerWiring.Tunnel> tunnel = wiring.prepare(Underlay.session(ns), podSubnet, underlayAddress);
            pods = LinuxPodNetwork.create(namespaces, PodNetwork.builder().node(ns).bridgeName(POD_BRIDGE)
                    .subnet(podSubnet.toString()).mtu(spec.podMtu()).namespacePrefix(spec.nodeName(index) + "-").build());
            node = new LinuxClusterNode(index, ns, underlayAddress, podSubnet, tunnel, pods);
            List<NetlinkRequest> toPeers = new ArrayList<>();
            for (LinuxClusterNode peer : nodes.values()) {
                toPeers.addAll(wiring.reach(node, peer));
            }
            execute(node.session(), toPeers);
            for (LinuxClusterNode peer : nodes.values()) {
                told.add(peer);
                execute(peer.session(), wiring.reach(peer, node));
            }
            nodes.put(index, node);
            return node;
        } catch (NetnsException | RuntimeException | Error e) {
            for (LinuxClusterNode peer : told) {
                LinuxClusterNode n = node;
                Teardown.quietly(() -> forgetQuietly(peer, n), e);
            }
            if (pods != null) {
                Teardown.quietly(pods::close, e);
            }
            int i = index;
            Teardown.quietly(() -> underlay.unplug(i), e);
            Teardown.deleteQuietly(ns, e);
            throw e;
        }
    }

    @Override
    public synchronized void removeNode(int index) throws NetnsException {
        ensureOpen();
        LinuxClusterNode node = nodes.remove(index);
        if (node == null) {
            throw new NoSuchElementException("cluster " + spec.name() + " has no node " + index + "; nodes: " + nodes.keySet());
        }
        NetnsException first = null;
        for (LinuxClusterNode peer : nodes.values()) {
            first = Teardown.collect(() -> execute(peer.session(), wiring.forget(peer, node)), first);
        }
        first = teardown(node, first);
        if (first != null) {
            throw first;
        }
    }

    /** Pods and pod network, then the underlay port (both veth ends, synchronously), then the namespace. */
    private NetnsException teardown(LinuxClusterNode node, NetnsException first) {
        first = Teardown.collect(node.podNetwork()::close, first);
        first = Teardown.collect(() -> underlay.unplug(node.index()), first);
        return Teardown.collect(node.linuxNamespace()::delete, first);
    }

    /** Sends the requests in one batch; the first refusal is thrown with the others suppressed. */
    private static void execute(RtnlSession session, List<NetlinkRequest> requests) throws NetnsException {
        if (!requests.isEmpty()) {
            RtnlSession.throwFirstFailure(session.exchange(requests));
        }
    }

    /** Undoes what {@link #addNode} told a peer; entries that were not made yet are no error here. */
    private void forgetQuietly(LinuxClusterNode peer, LinuxClusterNode node) {
        if (node != null) {
            peer.session().exchange(wiring.forget(peer, node));
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public synchronized void close() throws NetnsException {
        if (closed) {
            return;
        }
        closed = true;
        NetnsException first = null;
        for (LinuxClusterNode node : nodes.values()) {
            first = Teardown.collect(node.podNetwork()::close, first);
        }
        for (LinuxClusterNode node : nodes.values()) {
            first = Teardown.collect(node.linuxNamespace()::delete, first);
        }
        nodes.clear();
        first = Teardown.collect(underlay.namespace()::delete, first);
        if (first != null) {
            throw first;
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("cluster " + spec.name() + " is closed");
        }
    }

    @Override
    public String toString() {
        return "Cluster[" + spec.name() + " " + spec.mode() + " pods " + spec.podCidr() + " underlay " + spec.underlayCidr()
                + " nodes " + nodes.keySet() + "]";
    }
}
