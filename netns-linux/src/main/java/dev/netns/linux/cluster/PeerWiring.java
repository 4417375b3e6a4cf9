package dev.netns.linux.cluster;

import dev.netns.Cluster;
import dev.netns.IpPrefix;
import dev.netns.MacAddress;
import dev.netns.NetnsException;
import dev.netns.Vxlan;
import dev.netns.linux.netlink.NetlinkRequest;
import dev.netns.linux.rtnl.NeighborRequests;
import dev.netns.linux.rtnl.RouteRequests;
import dev.netns.linux.rtnl.RtnlSession;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * How one node reaches the pods of another: the requests a mode adds to a node for each peer, and
 * the ones that take them away again. Pure functions of the two nodes' addresses, so a node can be
 * told about all its peers in one batch.
 */
sealed interface PeerWiring {

    static PeerWiring of(Cluster.Spec spec) {
        return spec.mode() == Cluster.Mode.VXLAN ? new VxlanWiring(spec) : new HostGwWiring();
    }

    /** Makes what the node needs before it can reach anyone (the vxlan device); empty for none. */
    Optional<Tunnel> prepare(RtnlSession node, IpPrefix podSubnet, IpPrefix underlayAddress) throws NetnsException;

    /** The requests that let {@code node} reach the pods of {@code peer}. */
    List<NetlinkRequest> reach(LinuxClusterNode node, LinuxClusterNode peer);

    /** The requests that undo {@link #reach}. */
    List<NetlinkRequest> forget(LinuxClusterNode node, LinuxClusterNode peer);

    /**
     * A node's VXLAN tunnel endpoint.
     *
     * @param name    the vxlan device's name
     * @param index   its interface index in the node
     * @param address its address, the node's pod subnet's network address (a /32 on the device)
     * @param mac     its MAC, derived from {@code address}
     */
    record Tunnel(String name, int index, InetAddress address, MacAddress mac) {
    }

    /**
     * flannel's vxlan backend: a vxlan device per node; for each peer a permanent neighbour entry
     * (peer tunnel address → peer tunnel MAC), a forwarding entry (peer tunnel MAC → peer underlay
     * address) and a route of the peer's pod subnet via its tunnel address, on-link. With learning off
     * the kernel never floods or learns: every frame's way is written down.
     */
    record VxlanWiring(Cluster.Spec spec) implements PeerWiring {
        @Override
        public Optional<Tunnel> prepare(RtnlSession node, IpPrefix podSubnet, IpPrefix underlayAddress) throws NetnsException {
            String name = "vxlan." + spec.vni();
            InetAddress address = podSubnet.address();
            MacAddress mac = Addresses4.macOf(address);
            Vxlan vxlan = Vxlan.builder().name(name).vni(spec.vni()).local(underlayAddress.address())
                    .device(Underlay.NODE_INTERFACE).dstPort(spec.udpPort()).learning(false)
                    .mtu(spec.podMtu()).macAddress(mac).up(true).build();
            node.batch().createLink(vxlan).execute();
            int index = node.links().get(name).index();
            node.batch().addAddress(index, name, new IpPrefix(address, 32)).execute();
            return Optional.of(new Tunnel(name, index, address, mac));
        }

        @Override
        public List<NetlinkRequest> reach(LinuxClusterNode node, LinuxClusterNode peer) {
            Tunnel t = node.tunnel().orElseThrow();
            Tunnel p = peer.tunnel().orElseThrow();
            return List.of(
                    NeighborRequests.replace(t.index(), t.name(), p.address(), p.mac()),
                    NeighborRequests.appendForwarding(t.index(), t.name(), p.mac(), peer.underlayAddress()),
                    RouteRequests.addViaOnLink(peer.podSubnet(), p.address(), t.index(), t.name()));
        }

        @Override
        public List<NetlinkRequest> forget(LinuxClusterNode node, LinuxClusterNode peer) {
            Tunnel t = node.tunnel().orElseThrow();
            Tunnel p = peer.tunnel().orElseThrow();
            return List.of(
                    RouteRequests.delete(peer.podSubnet()),
                    NeighborRequests.delete(t.index(), t.name(), p.address()),
                    NeighborRequests.deleteForwarding(t.index(), t.name(), p.mac(), peer.underlayAddress()));
        }
    }

    /** flannel's host-gw backend and kindnet: a route per peer's pod subnet via the peer's underlay address. */
    record HostGwWiring() implements PeerWiring {
        @Override
        public Optional<Tunnel> prepare(RtnlSession node, IpPrefix podSubnet, IpPrefix underlayAddress) {
            return Optional.empty();
        }

        @Override
        public List<NetlinkRequest> reach(LinuxClusterNode node, LinuxClusterNode peer) {
            return List.of(RouteRequests.addVia(peer.podSubnet(), peer.underlayAddress()));
        }

        @Override
        public List<NetlinkRequest> forget(LinuxClusterNode node, LinuxClusterNode peer) {
            return List.of(RouteRequests.delete(peer.podSubnet()));
        }
    }
}
