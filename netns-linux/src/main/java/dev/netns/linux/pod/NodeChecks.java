package dev.netns.linux.pod;

import dev.netns.Address;
import dev.netns.IpPrefix;
import dev.netns.NetnsException;
import dev.netns.PodNetwork;
import dev.netns.linux.ipam.AddressRange;
import dev.netns.linux.rtnl.LinkMessage;
import dev.netns.linux.rtnl.RtnlSession;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules between the networks of one node, checked against the node namespace's own addresses
 * (a network's bridge carries its gateways, so the kernel knows the subnets in use) and, for a bridge
 * without gateway addresses, the subnets its mark names: a subnet may not overlap an address on
 * another device or another bridge's marked subnet, and an existing bridge must be this network's.
 */
final class NodeChecks {
    private NodeChecks() {
    }

    /**
     * Refuses the network if one of its subnets overlaps an address of a device other than
     * {@code ownBridgeIndex} (-1: none yet), naming both networks. A host address the network never
     * uses (its subnet's network or broadcast address, as flannel puts {@code 10.244.0.0/32} on its
     * vxlan device next to {@code cni0}'s {@code 10.244.0.1/24}) is no overlap.
     */
    static void refuseOverlaps(RtnlSession node, PodNetwork.Spec spec, int ownBridgeIndex) throws NetnsException {
        Map<Integer, LinkMessage> links = new HashMap<>();
        for (LinkMessage m : node.linkMessages()) {
            links.put(m.header().index(), m);
        }
        for (Address a : node.addresses().list()) {
            if (a.linkIndex() == ownBridgeIndex) {
                continue;
            }
            for (IpPrefix subnet : spec.subnets()) {
                if (overlap(subnet, a.prefix()) && !unusedHostAddress(subnet, a.prefix())) {
                    refuse(spec, subnet, a.prefix(), links.get(a.linkIndex()), a.linkIndex());
                }
            }
        }
        // bridges without gateway addresses name their subnets in their marks
        for (LinkMessage m : links.values()) {
            Optional<Marks.BridgeMark> mark = Marks.bridge(m.alias());
            if (m.header().index() == ownBridgeIndex || mark.isEmpty()) {
                continue;
            }
            for (IpPrefix theirs : mark.get().subnets()) {
                for (IpPrefix subnet : spec.subnets()) {
                    if (overlap(subnet, theirs)) {
                        refuse(spec, subnet, theirs, m, m.header().index());
                    }
                }
            }
        }
    }

    private static void refuse(PodNetwork.Spec spec, IpPrefix subnet, IpPrefix theirs, LinkMessage link, int index) {
        String device = link == null ? "device " + index : link.name().orElse("?");
        String other = link == null ? "" : Marks.networkName(link.alias()).map(n -> " (network " + n + ")").orElse("");
        throw new IllegalStateException("network " + spec.name() + " (subnet " + subnet + ", bridge " + spec.bridgeName()
                + ") overlaps " + theirs + " on " + device + other + " in the node namespace: networks of one node"
                + " need disjoint subnets");
    }

    /**
     * Checks that the existing bridge is this network's: marked with its name (or unmarked), carrying
     * its gateways and no other address of another subnet. Returns the gateways the bridge lacks
     * (a creator killed before adding them).
     */
    static List<IpPrefix> checkBridge(RtnlSession node, PodWiring wiring, PodNetwork.Spec spec, List<IpPrefix> gateways)
            throws NetnsException {
        LinkMessage bridge = wiring.bridge();
        Optional<Marks.BridgeMark> mark = Marks.bridge(bridge.alias());
        Optional<String> owner = mark.map(Marks.BridgeMark::network);
        if (owner.isPresent() && !owner.get().equals(spec.name())) {
            throw new IllegalStateException("bridge " + spec.bridgeName() + " belongs to network " + owner.get()
                    + ", not to network " + spec.name() + " (subnets " + spec.subnets() + ")");
        }
        if (mark.isPresent() && mark.get().gatewayOnBridge() != spec.gatewayOnBridge()) {
            throw new IllegalStateException("network " + spec.name() + " was made " + (mark.get().gatewayOnBridge() ? "with" : "without")
                    + " the gateway addresses on bridge " + spec.bridgeName() + ": open it with gatewayOnBridge("
                    + mark.get().gatewayOnBridge() + ") (CNI: isGateway " + mark.get().gatewayOnBridge() + ")");
        }
        if (mark.isPresent() && !spec.gatewayOnBridge() && !mark.get().subnets().equals(spec.subnets())) {
            throw new IllegalStateException("network " + spec.name() + " uses subnets " + mark.get().subnets() + " on bridge "
                    + spec.bridgeName() + ", not " + spec.subnets());
        }
        List<IpPrefix> present = new ArrayList<>();
        for (Address a : node.addresses().list()) {
            if (a.linkIndex() != wiring.bridgeIndex() || isLinkLocal(a.prefix())) {
                continue;
            }
            if (!gateways.contains(a.prefix())) {
                throw new IllegalStateException("bridge " + spec.bridgeName() + " carries " + a.prefix() + ", not a gateway of network "
                        + spec.name() + " (gateways " + gateways + ")" + owner.map(o -> ": network " + o + " uses it with another subnet")
                        .orElse(": another network's bridge"));
            }
            present.add(a.prefix());
        }
        List<IpPrefix> missing = new ArrayList<>(gateways);
        missing.removeAll(present);
        return missing;
    }

    static boolean overlap(IpPrefix a, IpPrefix b) {
        if (a.isIpv4() != b.isIpv4()) {
            return false;
        }
        return a.contains(b.network().address()) || b.contains(a.network().address());
    }

    /** Whether {@code p} is a single address ({@code /32}, {@code /128}) that the network on {@code subnet} never uses. */
    private static boolean unusedHostAddress(IpPrefix subnet, IpPrefix p) {
        if (p.prefixLength() != p.address().getAddress().length * 8) {
            return false;
        }
        AddressRange range = new AddressRange(subnet, 0);
        return !range.allocatable(p.address()) && !range.gateway().address().equals(p.address());
    }

    private static boolean isLinkLocal(IpPrefix p) {
        return p.address().isLinkLocalAddress();
    }
}
