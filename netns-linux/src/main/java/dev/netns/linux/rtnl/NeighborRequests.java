package dev.netns.linux.rtnl;

import dev.netns.MacAddress;
import dev.netns.Neighbor;
import dev.netns.linux.netlink.NetlinkRequest;

import java.net.InetAddress;
import java.util.List;

import static dev.netns.linux.netlink.Netlink.NLM_F_CREATE;
import static dev.netns.linux.netlink.Netlink.NLM_F_DUMP;
import static dev.netns.linux.netlink.Netlink.NLM_F_EXCL;
import static dev.netns.linux.netlink.Netlink.NLM_F_REPLACE;

/**
 * Neighbour and forwarding-database requests, pure functions to bytes. The bytes are those
 * {@code ip neigh} and {@code bridge fdb} send for the same commands (see the golden tests).
 */
public final class NeighborRequests {
    /** {@code NLM_F_APPEND} of {@code <linux/netlink.h>}: add one more remote to a vxlan forwarding entry. */
    static final int NLM_F_APPEND = 0x800;

    private NeighborRequests() {
    }

    /** {@code ip neigh add ADDRESS lladdr MAC dev LINK nud permanent}. */
    public static NetlinkRequest add(int linkIndex, String linkName, InetAddress address, MacAddress mac) {
        return ipNeighbor(NLM_F_CREATE | NLM_F_EXCL, linkIndex, linkName, address, mac);
    }

    /** {@code ip neigh replace ADDRESS lladdr MAC dev LINK nud permanent}. */
    public static NetlinkRequest replace(int linkIndex, String linkName, InetAddress address, MacAddress mac) {
        return ipNeighbor(NLM_F_CREATE | NLM_F_REPLACE, linkIndex, linkName, address, mac);
    }

    /** {@code ip neigh del ADDRESS dev LINK}. */
    public static NetlinkRequest delete(int linkIndex, String linkName, InetAddress address) {
        NeighborMessage m = new NeighborMessage(
                new NdMsg(IpBytes.family(address), linkIndex, Neighbor.NUD_PERMANENT, 0, 0),
                List.of(new NeighborAttribute.Destination(address)));
        return new NetlinkRequest(Rtnl.RTM_DELNEIGH, 0, m.toBytes(), "RTM_DELNEIGH",
                address.getHostAddress() + " dev " + linkName);
    }

    /** {@code bridge fdb append MAC dev LINK dst REMOTE self permanent}. */
    public static NetlinkRequest appendForwarding(int linkIndex, String linkName, MacAddress mac, InetAddress remote) {
        return new NetlinkRequest(Rtnl.RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_APPEND,
                forwarding(linkIndex, mac, remote).toBytes(), "RTM_NEWNEIGH", fdbObject(linkName, mac, remote));
    }

    /** {@code bridge fdb del MAC dev LINK dst REMOTE self}. */
    public static NetlinkRequest deleteForwarding(int linkIndex, String linkName, MacAddress mac, InetAddress remote) {
        return new NetlinkRequest(Rtnl.RTM_DELNEIGH, 0,
                forwarding(linkIndex, mac, remote).toBytes(), "RTM_DELNEIGH", fdbObject(linkName, mac, remote));
    }

    /**
     * A dump: {@code AF_UNSPEC} lists every IP neighbour table ({@code ip neigh show}),
     * {@code AF_BRIDGE} every forwarding database ({@code bridge fdb show}).
     */
    public static NetlinkRequest dump(int family) {
        return new NetlinkRequest(Rtnl.RTM_GETNEIGH, NLM_F_DUMP,
                new NeighborMessage(new NdMsg(family, 0, 0, 0, 0), List.of()).toBytes(), "RTM_GETNEIGH",
                family == Rtnl.AF_BRIDGE ? "fdb" : "neigh");
    }

    /** The message of a static IP neighbour (as {@code ip neigh ... nud permanent} writes it). */
    static NeighborMessage ipNeighborMessage(int linkIndex, InetAddress address, MacAddress mac) {
        return new NeighborMessage(new NdMsg(IpBytes.family(address), linkIndex, Neighbor.NUD_PERMANENT, 0, 0),
                List.of(new NeighborAttribute.Destination(address), new NeighborAttribute.LinkLayerAddress(mac.bytes())));
    }

    /** The message of a static forwarding entry of the device itself (as {@code bridge fdb ... self} writes it). */
    static NeighborMessage forwarding(int linkIndex, MacAddress mac, InetAddress remote) {
        return new NeighborMessage(
                new NdMsg(Rtnl.AF_BRIDGE, linkIndex, Neighbor.NUD_NOARP | Neighbor.NUD_PERMANENT, Neighbor.NTF_SELF, 0),
                List.of(new NeighborAttribute.LinkLayerAddress(mac.bytes()), new NeighborAttribute.Destination(remote)));
    }

    private static NetlinkRequest ipNeighbor(int flags, int linkIndex, String linkName, InetAddress address, MacAddress mac) {
        return new NetlinkRequest(Rtnl.RTM_NEWNEIGH, flags, ipNeighborMessage(linkIndex, address, mac).toBytes(),
                "RTM_NEWNEIGH", address.getHostAddress() + " lladdr " + mac + " dev " + linkName);
    }

    private static String fdbObject(String linkName, MacAddress mac, InetAddress remote) {
        return mac + " dev " + linkName + " dst " + remote.getHostAddress();
    }
}
