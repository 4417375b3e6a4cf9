package dev.netns.linux.cluster;

import dev.netns.Bridge;
import dev.netns.Cluster;
import dev.netns.IpPrefix;
import dev.netns.NetnsException;
import dev.netns.VethPair;
import dev.netns.linux.ns.LinuxNetworkNamespace;
import dev.netns.linux.ns.NamespaceManager;
import dev.netns.linux.rtnl.RtnlSession;

/**
 * The machine room's switch: a namespace of its own holding the bridge {@code br0} with the
 * underlay CIDR's first address, and one port per node ({@code nodeI}), the other end of which is
 * the node's {@code eth0}.
 */
final class Underlay {
    static final String BRIDGE = "br0";
    static final String NODE_INTERFACE = "eth0";

    private final LinuxNetworkNamespace namespace;
    private final RtnlSession session;
    private final int bridgeIndex;
    private final int mtu;

    private Underlay(LinuxNetworkNamespace namespace, RtnlSession session, int bridgeIndex, int mtu) {
        this.namespace = namespace;
        this.session = session;
        this.bridgeIndex = bridgeIndex;
        this.mtu = mtu;
    }

    /**
     * {@code ip netns add NAME-underlay; ip link add br0 type bridge mtu MTU; ip addr add FIRST dev br0;
     * ip link set br0 up; ip link set lo up}. Deletes the namespace again if a later step fails.
     */
    static Underlay create(NamespaceManager namespaces, Cluster.Spec spec) throws NetnsException {
        LinuxNetworkNamespace ns = namespaces.create(spec.name() + "-underlay");
        try {
            RtnlSession s = session(ns);
            s.batch().setUp("lo").createLink(Bridge.builder().name(BRIDGE).mtu(spec.mtu()).up(true).build()).execute();
            int index = s.links().get(BRIDGE).index();
            IpPrefix cidr = spec.underlayCidr();
            s.batch().addAddress(index, BRIDGE, new IpPrefix(Addresses4.plus(cidr.address(), 1), cidr.prefixLength()))
                    .execute();
            return new Underlay(ns, s, index, spec.mtu());
        } catch (NetnsException | RuntimeException e) {
            Teardown.deleteQuietly(ns, e);
            throw e;
        }
    }

    static RtnlSession session(LinuxNetworkNamespace ns) {
        return ns.netlinkViews();
    }

    LinuxNetworkNamespace namespace() {
        return namespace;
    }

    /** {@code ip link add nodeI mtu MTU master br0 up type veth peer name eth0 netns NODE mtu MTU}. */
    void plug(int index, LinuxNetworkNamespace node) throws NetnsException {
        VethPair.Spec veth = VethPair.builder().name(portName(index)).peerName(NODE_INTERFACE).peerNamespace(node)
                .mtu(mtu).up(true).build();
        session.batch().createLink(veth, bridgeIndex).execute();
    }

    /** {@code ip link del nodeI}: both ends go at once, so the name is free again for a new node. */
    void unplug(int index) throws NetnsException {
        session.links().delete(portName(index));
    }

    static String portName(int index) {
        return "node" + index;
    }
}
