package dev.netns.linux.rtnl;

import dev.netns.IpPrefix;
import dev.netns.linux.netlink.NetlinkRequest;

import java.util.ArrayList;
import java.util.List;

import static dev.netns.linux.netlink.Netlink.NLM_F_CREATE;
import static dev.netns.linux.netlink.Netlink.NLM_F_DUMP;
import static dev.netns.linux.netlink.Netlink.NLM_F_EXCL;

/** The address requests, pure functions to bytes. */
final class AddressRequests {
    private AddressRequests() {
    }

    /**
     * {@code ip addr add PREFIX dev LINK}: {@code IFA_LOCAL} and {@code IFA_ADDRESS} both carry the
     * address (as iproute2 sends them); IPv6 gets {@code IFA_F_NODAD} so it is usable at once.
     */
    public static NetlinkRequest add(int linkIndex, String linkName, IpPrefix prefix) {
        return new NetlinkRequest(Rtnl.RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, message(linkIndex, prefix).toBytes(),
                "RTM_NEWADDR", prefix + " dev " + linkName);
    }

    /** {@code ip addr del PREFIX dev LINK}. */
    public static NetlinkRequest delete(int linkIndex, String linkName, IpPrefix prefix) {
        return new NetlinkRequest(Rtnl.RTM_DELADDR, 0, message(linkIndex, prefix).toBytes(),
                "RTM_DELADDR", prefix + " dev " + linkName);
    }

    /** {@code ip addr show}, both families. */
    public static NetlinkRequest dump() {
        return new NetlinkRequest(Rtnl.RTM_GETADDR, NLM_F_DUMP,
                new AddressMessage(new IfAddrMsg(Rtnl.AF_UNSPEC, 0, 0, 0, 0), List.of()).toBytes(), "RTM_GETADDR", "");
    }

    static AddressMessage message(int linkIndex, IpPrefix prefix) {
        boolean v4 = prefix.isIpv4();
        int flags = v4 ? 0 : AddressAttribute.IFA_F_NODAD;
        List<AddressAttribute> attrs = new ArrayList<>();
        attrs.add(new AddressAttribute.Local(prefix.address()));
        attrs.add(new AddressAttribute.Address(prefix.address()));
        if (!v4) {
            attrs.add(new AddressAttribute.Flags(flags));
        }
        return new AddressMessage(new IfAddrMsg(v4 ? Rtnl.AF_INET : Rtnl.AF_INET6, prefix.prefixLength(), flags, 0, linkIndex), attrs);
    }
}
