package dev.netns.linux.rtnl;

import dev.netns.InterfaceNames;
import dev.netns.IpPrefix;
import dev.netns.NetnsException;
import dev.netns.Route;
import dev.netns.Routes;
import dev.netns.linux.netlink.MalformedMessageException;
import dev.netns.linux.netlink.NetlinkMessage;
import dev.netns.linux.netlink.NetlinkRequest;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** {@link Routes} over an {@link RtnlSession}: the main table, routes added with protocol static. */
final class LinuxRoutes implements Routes {
    private final RtnlSession session;

    LinuxRoutes(RtnlSession session) {
        this.session = session;
    }

    /** Equivalent to {@code ip route add default via GATEWAY}. */
    @Override
    public void addDefault(InetAddress gateway) throws NetnsException {
        Objects.requireNonNull(gateway, "gateway");
        session.execute(RouteRequests.addVia(defaultOf(gateway), gateway));
    }

    /** Equivalent to {@code ip route add DESTINATION via GATEWAY}. */
    @Override
    public void add(IpPrefix destination, InetAddress gateway) throws NetnsException {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(gateway, "gateway");
        session.execute(RouteRequests.addVia(destination, gateway));
    }

    /** Equivalent to {@code ip route add DESTINATION dev LINK}. */
    @Override
    public void addOnLink(IpPrefix destination, String link) throws NetnsException {
        Objects.requireNonNull(destination, "destination");
        InterfaceNames.check(link);
        session.execute(RouteRequests.addOnLink(destination, session.links().get(link).index(), link));
    }

    /** Equivalent to {@code ip route del DESTINATION}. */
    @Override
    public void delete(IpPrefix destination) throws NetnsException {
        session.execute(RouteRequests.delete(Objects.requireNonNull(destination, "destination")));
    }

    /** Equivalent to {@code ip route show; ip -6 route show}. */
    @Override
    public List<Route> list() throws NetnsException {
        List<Route> out = new ArrayList<>();
        for (int family : new int[] {Rtnl.AF_INET, Rtnl.AF_INET6}) {
            NetlinkRequest request = RouteRequests.dump(family);
            List<NetlinkMessage> replies = session.dump(request);
            try {
                for (NetlinkMessage m : replies) {
                    if (m.type() == Rtnl.RTM_NEWROUTE) {
                        RouteMessage r = RouteMessage.decode(m.payloadBuffer(), "RTM_NEWROUTE");
                        if (r.table() == Route.TABLE_MAIN) {
                            out.add(r.toRoute());
                        }
                    }
                }
            } catch (MalformedMessageException e) {
                throw RtnlSession.malformed(request, e);
            }
        }
        return List.copyOf(out);
    }

    static IpPrefix defaultOf(InetAddress gateway) {
        return gateway instanceof Inet4Address ? DEFAULT_V4 : DEFAULT_V6;
    }

    /** The default destinations, parsed once (a pod's default route is made with every pod). */
    private static final IpPrefix DEFAULT_V4 = IpPrefix.parse("0.0.0.0/0");
    private static final IpPrefix DEFAULT_V6 = IpPrefix.parse("::/0");
}
