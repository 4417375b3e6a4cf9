package dev.netns.linux.rtnl;

import dev.netns.Address;
import dev.netns.Addresses;
import dev.netns.InterfaceNames;
import dev.netns.IpPrefix;
import dev.netns.NetnsException;
import dev.netns.linux.netlink.MalformedMessageException;
import dev.netns.linux.netlink.NetlinkMessage;
import dev.netns.linux.netlink.NetlinkRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** {@link Addresses} over an {@link RtnlSession}. IPv6 addresses are added {@code nodad}. */
final class LinuxAddresses implements Addresses {
    private final RtnlSession session;

    LinuxAddresses(RtnlSession session) {
        this.session = session;
    }

    /** Equivalent to {@code ip addr add PREFIX dev LINK} ({@code nodad} for IPv6). */
    @Override
    public void add(String link, IpPrefix prefix) throws NetnsException {
        InterfaceNames.check(link);
        Objects.requireNonNull(prefix, "prefix");
        session.execute(AddressRequests.add(session.links().get(link).index(), link, prefix));
    }

    /** Equivalent to {@code ip addr del PREFIX dev LINK}. */
    @Override
    public void delete(String link, IpPrefix prefix) throws NetnsException {
        InterfaceNames.check(link);
        Objects.requireNonNull(prefix, "prefix");
        session.execute(AddressRequests.delete(session.links().get(link).index(), link, prefix));
    }

    /** Equivalent to {@code ip addr show}. */
    @Override
    public List<Address> list() throws NetnsException {
        NetlinkRequest request = AddressRequests.dump();
        List<NetlinkMessage> replies = session.dump(request);
        try {
            List<Address> out = new ArrayList<>();
            for (NetlinkMessage m : replies) {
                if (m.type() == Rtnl.RTM_NEWADDR) {
                    out.add(AddressMessage.decode(m.payloadBuffer(), "RTM_NEWADDR #" + out.size()).toAddress());
                }
            }
            return List.copyOf(out);
        } catch (MalformedMessageException e) {
            throw RtnlSession.malformed(request, e);
        }
    }

    /** Equivalent to {@code ip addr show dev LINK}. */
    @Override
    public List<Address> list(String link) throws NetnsException {
        int index = session.links().get(InterfaceNames.check(link)).index();
        List<Address> out = new ArrayList<>();
        for (Address a : list()) {
            if (a.linkIndex() == index) {
                out.add(a);
            }
        }
        return List.copyOf(out);
    }
}
