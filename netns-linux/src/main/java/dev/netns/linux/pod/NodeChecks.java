package dev.netns.linux.pod;

import dev.netns.Address;
import dev.netns.IpPrefix;
import dev.netns.NetnsException;
import dev.netns.PodNetwork;
import dev.netns.linux.rtnl.LinkMessage;
import dev.netns.linux.rtnl.RtnlSession;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules between the networks of one node, checked against the node namespace's own addresses
 * (every network's bridge carries its gateways, so the kernel knows every subnet in use): a subnet
 * may not overlap an address on another device, and an existing bridge must be this network's.
 */
final class NodeChecks {
    private NodeChecks() {
    }

    /**
     * Refuses the network if one of its subnets overlaps an address of a device other than
     * {@code ownBridgeIndex} (-1: none yet), naming both networks.
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
                if (overlap(subnet, a.prefix())) {
                    LinkMessage link = links.get(a.linkIndex());
                    String device = link == null ? "device " + a.linkIndex() : link.name().orElse("?");
                    String other = link == null ? ""
                            : Marks.networkName(link.alias()).map(n -> " (network " + n + ")").orElse("");
                    throw new IllegalStateException("network " + spec.name() + " (subnet " + subnet + ", bridge " + spec.bridgeName()
                            + ") overlaps " + a.prefix() + " on " + device + other + " in the node namespace: networks of one node"
                            + " need disjoint subnets");
                }
            }
        }
    }

    /**
     * Checks that the existing bridge is this network's: marked with its name (or unmarked), carrying
     * its gateways and no other address of another subnet. Returns the gateways the bridge lacks
     * (a creator killed before adding them).
     */
    static List<IpPrefix> checkBridge(RtnlSession node, PodWiring wiring, PodNetwork.Spec spec, List<IpPrefix> gateways)
            throws NetnsException {
        LinkMessage bridge = wiring.bridge();
        Optional<String> owner = Marks.networkName(bridge.alias());
        if (owner.isPresent() && !owner.get().equals(spec.name())) {
            throw new IllegalStateException("bridge " + spec.bridgeName() + " belongs to network " + owner.get()
                    + ", not to network " + spec.name() + " (subnets " + spec.subnets() + ")");
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

    private static boolean isLinkLocal(IpPrefix p) {
        return p.address().isLinkLocalAddress();
    }
}
