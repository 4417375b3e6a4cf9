package dev.netns.linux.rtnl;

import dev.netns.NetnsException;
import dev.netns.NetworkEvent;
import dev.netns.Route;
import dev.netns.linux.netlink.Netlink;
import dev.netns.linux.netlink.NetlinkException;
import dev.netns.linux.netlink.NetlinkMessage;
import dev.netns.linux.netlink.NetlinkRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a watch needs from rtnetlink: the multicast groups and dumps of each
 * {@link NetworkEvent.Kind}, and the decoding of notifications and dump entries into typed
 * {@link Notification}s with the same decoders the views use. Messages a watch does not report
 * (bridge-port link messages, routes of other tables, cached routes, neighbour requests) decode to
 * empty.
 */
public final class Notifications {
    // enum rtnetlink_groups, <linux/rtnetlink.h>
    public static final int RTNLGRP_LINK = 1;
    public static final int RTNLGRP_NEIGH = 3;
    public static final int RTNLGRP_IPV4_IFADDR = 5;
    public static final int RTNLGRP_IPV4_ROUTE = 7;
    public static final int RTNLGRP_IPV6_IFADDR = 9;
    public static final int RTNLGRP_IPV6_ROUTE = 11;
    /** {@code RTM_F_CLONED}: a cached (exception) route, not a table entry. */
    static final int RTM_F_CLONED = 0x200;

    private Notifications() {
    }

    /** The multicast groups that report {@code kinds}. */
    public static int[] groups(Set<NetworkEvent.Kind> kinds) {
        List<Integer> out = new ArrayList<>();
        for (NetworkEvent.Kind k : kinds) {
            switch (k) {
                case LINK -> out.add(RTNLGRP_LINK);
                case ADDRESS -> out.addAll(List.of(RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR));
                case ROUTE -> out.addAll(List.of(RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE));
                case NEIGHBOR -> out.add(RTNLGRP_NEIGH);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The dumps that list the objects of {@code kind}: {@code ip link show}, {@code ip addr show},
     * {@code ip route show; ip -6 route show}, {@code ip neigh show; bridge fdb show}.
     */
    public static List<NetlinkRequest> dumps(NetworkEvent.Kind kind) {
        return switch (kind) {
            case LINK -> List.of(LinkRequests.dump());
            case ADDRESS -> List.of(AddressRequests.dump());
            case ROUTE -> List.of(RouteRequests.dump(Rtnl.AF_INET), RouteRequests.dump(Rtnl.AF_INET6));
            case NEIGHBOR -> List.of(NeighborRequests.dump(Rtnl.AF_UNSPEC), NeighborRequests.dump(Rtnl.AF_BRIDGE));
        };
    }

    /**
     * The object a notification or dump entry is about, or empty for a message a watch does not report.
     *
     * @throws dev.netns.linux.netlink.MalformedMessageException naming the message
     */
    public static Optional<Notification> decode(NetlinkMessage m) {
        String context = Rtnl.typeName(m.type());
        return switch (m.type()) {
            case Rtnl.RTM_NEWLINK, Rtnl.RTM_DELLINK -> {
                LinkMessage link = LinkMessage.decode(m.payloadBuffer(), context);
                // AF_BRIDGE messages describe a bridge port's settings, not the link itself
                yield link.header().family() != Rtnl.AF_UNSPEC ? Optional.empty()
                        : Optional.of(new Notification.OfLink(m.type() == Rtnl.RTM_DELLINK, link.toLink()));
            }
            case Rtnl.RTM_NEWADDR, Rtnl.RTM_DELADDR -> Optional.of(new Notification.OfAddress(m.type() == Rtnl.RTM_DELADDR,
                    AddressMessage.decode(m.payloadBuffer(), context).toAddress()));
            case Rtnl.RTM_NEWROUTE, Rtnl.RTM_DELROUTE -> route(m, RouteMessage.decode(m.payloadBuffer(), context));
            case Rtnl.RTM_NEWNEIGH, Rtnl.RTM_DELNEIGH -> {
                NeighborMessage n = NeighborMessage.decode(m.payloadBuffer(), context);
                int family = n.header().family();
                yield family != Rtnl.AF_INET && family != Rtnl.AF_INET6 && family != Rtnl.AF_BRIDGE ? Optional.empty()
                        : Optional.of(new Notification.OfNeighbor(m.type() == Rtnl.RTM_DELNEIGH, n.toNeighbor()));
            }
            default -> Optional.empty();
        };
    }

    private static Optional<Notification> route(NetlinkMessage m, RouteMessage r) {
        int family = r.header().family();
        if ((family != Rtnl.AF_INET && family != Rtnl.AF_INET6) || r.table() != Route.TABLE_MAIN
                || (r.header().flags() & RTM_F_CLONED) != 0) {
            return Optional.empty();
        }
        int priority = r.find(RouteAttribute.Priority.class).map(RouteAttribute.Priority::priority).orElse(0);
        boolean replace = m.type() == Rtnl.RTM_NEWROUTE && m.hasFlag(Netlink.NLM_F_REPLACE);
        return Optional.of(new Notification.OfRoute(m.type() == Rtnl.RTM_DELROUTE, replace, r.toRoute(), priority,
                r.header().tos()));
    }

    /** The public exception for a failed dump or socket exchange of a watch. */
    public static NetnsException failure(NetlinkException e) {
        return RtnlErrors.translate(e);
    }
}
