package dev.netns.linux.rtnl;

import dev.netns.IpPrefix;
import dev.netns.linux.netlink.NetlinkRequest;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import static dev.netns.linux.netlink.Netlink.NLM_F_CREATE;
import static dev.netns.linux.netlink.Netlink.NLM_F_DUMP;
import static dev.netns.linux.netlink.Netlink.NLM_F_EXCL;

/** The route requests (main table, static protocol), pure functions to bytes. */
public final class RouteRequests {
    private RouteRequests() {
    }

    /** {@code ip route add DESTINATION via GATEWAY} (a default route has prefix length 0). */
    public static NetlinkRequest addVia(IpPrefix destination, InetAddress gateway) {
        checkFamily(destination, gateway);
        IpPrefix dst = destination.network();
        List<RouteAttribute> attrs = destination(dst);
        attrs.add(new RouteAttribute.Gateway(gateway));
        return new NetlinkRequest(Rtnl.RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL,
                new RouteMessage(header(dst, RtMsg.RT_SCOPE_UNIVERSE, RtMsg.RTPROT_STATIC, RtMsg.RTN_UNICAST), attrs).toBytes(),
                "RTM_NEWROUTE", dst + " via " + gateway.getHostAddress());
    }

    /**
     * {@code ip route add DESTINATION via GATEWAY dev LINK onlink}: the gateway is taken to be on
     * the link even though no address of the link covers it ({@code RTNH_F_ONLINK}). An overlay
     * routes each remote node's pod subnet this way, via that node's tunnel address.
     */
    public static NetlinkRequest addViaOnLink(IpPrefix destination, InetAddress gateway, int linkIndex, String linkName) {
        checkFamily(destination, gateway);
        IpPrefix dst = destination.network();
        List<RouteAttribute> attrs = destination(dst);
        attrs.add(new RouteAttribute.Gateway(gateway));
        attrs.add(new RouteAttribute.OutputInterface(linkIndex));
        RtMsg h = header(dst, RtMsg.RT_SCOPE_UNIVERSE, RtMsg.RTPROT_STATIC, RtMsg.RTN_UNICAST);
        RtMsg onLink = new RtMsg(h.family(), h.dstLength(), 0, 0, h.table(), h.protocol(), h.scope(), h.type(), RtMsg.RTNH_F_ONLINK);
        return new NetlinkRequest(Rtnl.RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, new RouteMessage(onLink, attrs).toBytes(),
                "RTM_NEWROUTE", dst + " via " + gateway.getHostAddress() + " dev " + linkName + " onlink");
    }

    /** {@code ip route add DESTINATION dev LINK} (scope link). */
    public static NetlinkRequest addOnLink(IpPrefix destination, int linkIndex, String linkName) {
        IpPrefix dst = destination.network();
        List<RouteAttribute> attrs = destination(dst);
        attrs.add(new RouteAttribute.OutputInterface(linkIndex));
        return new NetlinkRequest(Rtnl.RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL,
                new RouteMessage(header(dst, RtMsg.RT_SCOPE_LINK, RtMsg.RTPROT_STATIC, RtMsg.RTN_UNICAST), attrs).toBytes(),
                "RTM_NEWROUTE", dst + " dev " + linkName);
    }

    /** {@code ip route del DESTINATION}: the kernel deletes the first main-table route that matches. */
    public static NetlinkRequest delete(IpPrefix destination) {
        IpPrefix dst = destination.network();
        // scope NOWHERE (255) in a delete means "any scope"
        return new NetlinkRequest(Rtnl.RTM_DELROUTE, 0,
                new RouteMessage(header(dst, 255, 0, 0), destination(dst)).toBytes(), "RTM_DELROUTE", dst.toString());
    }

    /** {@code ip route show table all} of one family (the caller keeps the main table). */
    public static NetlinkRequest dump(int family) {
        return new NetlinkRequest(Rtnl.RTM_GETROUTE, NLM_F_DUMP,
                new RouteMessage(new RtMsg(family, 0, 0, 0, 0, 0, 0, 0, 0), List.of()).toBytes(), "RTM_GETROUTE",
                family == Rtnl.AF_INET ? "inet" : "inet6");
    }

    private static RtMsg header(IpPrefix dst, int scope, int protocol, int type) {
        return new RtMsg(IpBytes.family(dst.address()), dst.prefixLength(), 0, 0, RtMsg.RT_TABLE_MAIN, protocol, scope, type, 0);
    }

    private static List<RouteAttribute> destination(IpPrefix dst) {
        List<RouteAttribute> attrs = new ArrayList<>();
        if (dst.prefixLength() > 0) {
            attrs.add(new RouteAttribute.Destination(dst.address()));
        }
        return attrs;
    }

    private static void checkFamily(IpPrefix destination, InetAddress gateway) {
        if (IpBytes.family(destination.address()) != IpBytes.family(gateway)) {
            throw new IllegalArgumentException("route destination and gateway must be of one address family: "
                    + destination + " via " + gateway.getHostAddress());
        }
    }
}
