package dev.netns.linux.pod;

import dev.netns.Bridge;
import dev.netns.IpPrefix;
import dev.netns.Link;
import dev.netns.NetnsException;
import dev.netns.NoSuchLinkException;
import dev.netns.PodNetwork;
import dev.netns.VethPair;
import dev.netns.linux.ns.LinuxNetworkNamespace;
import dev.netns.linux.rtnl.LinkCreation;
import dev.netns.linux.rtnl.LinkMessage;
import dev.netns.linux.rtnl.LinkRequests;
import dev.netns.linux.rtnl.RtnlBatch;
import dev.netns.linux.rtnl.RtnlSession;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The rtnetlink work of a pod network, batched: a pod costs one exchange with the node namespace
 * (veth created with its peer already named {@code eth0} inside the pod, host end enslaved, up, in
 * the network's device group, hairpin if asked) and one with the pod (loopback up, addresses,
 * default routes). Closing the network deletes the device group: bridge and host ends in one
 * request and one RCU grace period; the pods' {@code eth0} ends go with their peers.
 */
final class PodWiring {
    private final LinuxNetworkNamespace node;
    private final RtnlSession nodeSession;
    private final PodNetwork.Spec spec;
    private final int bridgeIndex;
    private final int group;

    private PodWiring(LinuxNetworkNamespace node, RtnlSession nodeSession, PodNetwork.Spec spec, int bridgeIndex, int group) {
        this.node = node;
        this.nodeSession = nodeSession;
        this.spec = spec;
        this.bridgeIndex = bridgeIndex;
        this.group = group;
    }

    static RtnlSession session(LinuxNetworkNamespace ns) {
        return ns.netlinkViews();
    }

    /**
     * {@code ip link add NAME type bridge group G; ip addr add GATEWAY dev NAME; ip link set NAME alias
     * "netns-network NETWORK"; ip link set NAME up}; without the gateway addresses (and with them in the
     * alias) if the spec says the bridge does not carry them.
     * Deletes the bridge again if a later step fails.
     */
    static PodWiring createBridge(LinuxNetworkNamespace node, PodNetwork.Spec spec, List<IpPrefix> gateways)
            throws NetnsException {
        String mark = Marks.network(spec.name(), spec.gatewayOnBridge(), spec.subnets());
        RtnlSession s = session(node);
        int group = unusedGroup(s);
        Bridge.Builder bridge = Bridge.builder().name(spec.bridgeName()).up(true);
        if (spec.mtu().isPresent()) {
            bridge.mtu(spec.mtu().getAsInt());
        }
        s.batch().createLink(bridge.build(), LinkCreation.plain().group(group)).execute();
        try {
            int index = s.links().get(spec.bridgeName()).index();
            RtnlBatch addresses = s.batch();
            for (IpPrefix gateway : spec.gatewayOnBridge() ? gateways : List.<IpPrefix>of()) {
                addresses.addAddress(index, spec.bridgeName(), gateway);
            }
            addresses.add(LinkRequests.setAlias(spec.bridgeName(), mark));
            addresses.execute();
            return new PodWiring(node, s, spec, index, group);
        } catch (NetnsException | RuntimeException e) {
            try {
                s.links().delete(spec.bridgeName());
            } catch (NetnsException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * The wiring of the bridge {@code spec.bridgeName()} that exists in the node namespace, with its
     * device group; empty if there is no link of that name.
     *
     * @throws IllegalStateException if the link is not a bridge
     */
    static Optional<PodWiring> find(LinuxNetworkNamespace node, PodNetwork.Spec spec) throws NetnsException {
        RtnlSession s = session(node);
        for (LinkMessage m : s.linkMessages()) {
            if (!m.name().equals(Optional.of(spec.bridgeName()))) {
                continue;
            }
            Optional<String> kind = m.toLink().kind();
            if (!kind.equals(Optional.of("bridge"))) {
                throw new IllegalStateException("cannot use " + spec.bridgeName() + " for network " + spec.name() + ": it is a "
                        + kind.orElse("device without a kind") + ", not a bridge");
            }
            return Optional.of(new PodWiring(node, s, spec, m.header().index(), m.group().orElse(0)));
        }
        return Optional.empty();
    }

    /** The bridge's own link message (name, alias, ...). */
    LinkMessage bridge() throws NetnsException {
        for (LinkMessage m : nodeSession.linkMessages()) {
            if (m.header().index() == bridgeIndex) {
                return m;
            }
        }
        throw new IllegalStateException("the bridge " + spec.bridgeName() + " of network " + spec.name() + " is gone");
    }

    /** Every link of the node namespace (one dump): the bridge's ports and everything else. */
    List<LinkMessage> nodeLinks() throws NetnsException {
        return nodeSession.linkMessages();
    }

    /** {@code ip addr add GATEWAY dev BRIDGE} for gateways the bridge lacks (a creator killed half-way). */
    void addGateways(List<IpPrefix> missing) throws NetnsException {
        RtnlBatch addresses = nodeSession.batch();
        for (IpPrefix gateway : missing) {
            addresses.addAddress(bridgeIndex, spec.bridgeName(), gateway);
        }
        addresses.execute();
    }

    /** {@code ip link set NAME alias TEXT}. */
    void mark(String linkName, String alias) throws NetnsException {
        nodeSession.batch().add(LinkRequests.setAlias(linkName, alias)).execute();
    }

    /** The device group of the network's devices; 0 (the default group) for a bridge this library did not make. */
    int group() {
        return group;
    }

    /** {@code ip link del BRIDGE}; a missing bridge is not an error. */
    void deleteBridgeIfPresent() throws NetnsException {
        deleteHostEndIfPresent(spec.bridgeName());
    }

    /** Plugs a pod in, all or nothing: on failure no host end of this call is left (the caller deletes the namespace). */
    int attach(LinuxNetworkNamespace pod, String hostName, List<IpPrefix> addresses, List<IpPrefix> gateways)
            throws NetnsException {
        return attach(pod, hostName, LinuxPod.POD_INTERFACE, addresses, gateways);
    }

    /**
     * Plugs a pod in with its interface named {@code podInterface}, all or nothing: if the kernel
     * refuses the veth (e.g. a link of the host end's name exists: someone else's), nothing is
     * deleted; if a later request fails, the host end this call made is deleted again.
     *
     * @return the host end's interface index
     */
    int attach(LinuxNetworkNamespace pod, String hostName, String podInterface, List<IpPrefix> addresses,
               List<IpPrefix> gateways) throws NetnsException {
        RtnlBatch nodeRequests = nodeSession.batch();
        addHostEnd(nodeRequests, pod, hostName, podInterface);
        List<RtnlSession.Outcome> outcomes = nodeRequests.exchange();
        if (outcomes.getFirst().failure().isPresent()) {
            RtnlSession.throwFirstFailure(outcomes);
        }
        try {
            RtnlSession.throwFirstFailure(outcomes);
            configurePod(pod, podInterface, outcomes.getFirst(), addresses, gateways).execute();
            return hostIndex(outcomes.getFirst(), hostName);
        } catch (NetnsException | RuntimeException | Error e) {
            try {
                deleteHostEndIfPresent(hostName);
            } catch (NetnsException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * Adds a pod's node-side requests to {@code nodeRequests}: the veth created with its peer in the
     * pod and its host end enslaved, up, in the network's group (echoed), then hairpin if asked.
     *
     * @return how many requests were added (the first is the creation)
     */
    int addHostEnd(RtnlBatch nodeRequests, LinuxNetworkNamespace pod, String hostName, String podInterface)
            throws NetnsException {
        VethPair.Builder veth = VethPair.builder().name(hostName).peerName(podInterface)
                .peerNamespace(pod).up(true);
        if (spec.mtu().isPresent()) {
            veth.mtu(spec.mtu().getAsInt());
        }
        // a bridge another tool made (the reference bridge plugin) has the default group 0: host ends stay in it too
        LinkCreation creation = LinkCreation.plain().master(bridgeIndex).echo();
        nodeRequests.createLink(veth.build(), group == 0 ? creation : creation.group(group));
        if (spec.hairpin()) {
            nodeRequests.setHairpin(hostName, true);
            return 2;
        }
        return 1;
    }

    /**
     * The pod-side requests, in one batch on the pod's own socket: loopback and the pod's interface
     * up, its addresses, a default route via each gateway. {@code created} is the outcome of the
     * veth's creation, whose echo names the pod interface's index.
     */
    RtnlBatch configurePod(LinuxNetworkNamespace pod, String podInterface, RtnlSession.Outcome created,
                           List<IpPrefix> addresses, List<IpPrefix> gateways) throws NetnsException {
        RtnlSession podSession = session(pod);
        int eth0 = peerIndex(created).orElse(-1);
        if (eth0 <= 0) { // kernels before 6.3 do not echo a new link: ask for it
            eth0 = podSession.links().get(podInterface).index();
        }
        // a veth peer cannot be brought up by the request that creates it (it is not joined yet)
        RtnlBatch inside = podSession.batch().setUp("lo").setUp(podInterface);
        for (IpPrefix a : addresses) {
            inside.addAddress(eth0, podInterface, a);
        }
        for (IpPrefix g : gateways) {
            inside.addDefaultRoute(g.address());
        }
        return inside;
    }

    /** The host end's index, from the creation's echo (or asked for, on kernels that do not echo). */
    int hostIndex(RtnlSession.Outcome created, String hostName) throws NetnsException {
        for (Link link : created.echoedLinks()) {
            if (link.name().equals(hostName)) {
                return link.index();
            }
        }
        return nodeSession.links().get(hostName).index();
    }

    /** A batch on the node's socket, for requests of several pods. */
    RtnlBatch nodeBatch() {
        return nodeSession.batch();
    }

    /** {@code ip link del HOST}: removes the pair; a missing link is not an error. */
    void deleteHostEndIfPresent(String hostName) throws NetnsException {
        try {
            nodeSession.links().delete(hostName);
        } catch (NoSuchLinkException gone) {
            // never made, or already gone with its peer's namespace
        }
    }

    /** {@code ip link del group G}: the bridge and every host end at once. */
    void deleteAll() throws NetnsException {
        if (group == 0) {    // "ip link del group 0" would take every default-group link of the node with it
            throw new IllegalStateException("bridge " + spec.bridgeName() + " is in the default device group: delete its devices one by one");
        }
        nodeSession.batch().deleteGroup(group, "bridge " + spec.bridgeName() + " and its pods' host ends").execute();
    }

    private static OptionalInt peerIndex(RtnlSession.Outcome created) {
        for (Link link : created.echoedLinks()) {
            if (link.linkIndex().isPresent()) { // the peer's index (in the pod: IFLA_LINK_NETNSID comes with it)
                return link.linkIndex();
            }
        }
        return OptionalInt.empty();
    }

    /**
     * A random non-default device group that no link in the node namespace uses. Unpredictability
     * is not needed (whoever can add links to the node can join any group), only uniqueness, which
     * the check against the groups in use gives: {@code ThreadLocalRandom} spares a fresh JVM
     * {@code SecureRandom}'s provider lookup and seeding (some forty security classes).
     */
    private static int unusedGroup(RtnlSession s) throws NetnsException {
        Set<Integer> used = new HashSet<>();
        for (LinkMessage m : s.linkMessages()) {
            if (m.group().isPresent()) {
                used.add(m.group().getAsInt());
            }
        }
        while (true) {
            int g = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
            if (!used.contains(g)) {
                return g;
            }
        }
    }

    int bridgeIndex() {
        return bridgeIndex;
    }

    LinuxNetworkNamespace node() {
        return node;
    }
}
