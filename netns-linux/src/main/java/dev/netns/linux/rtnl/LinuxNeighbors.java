package dev.netns.linux.rtnl;

import dev.netns.InterfaceNames;
import dev.netns.MacAddress;
import dev.netns.Neighbor;
import dev.netns.Neighbors;
import dev.netns.NetnsException;
import dev.netns.linux.netlink.MalformedMessageException;
import dev.netns.linux.netlink.NetlinkMessage;
import dev.netns.linux.netlink.NetlinkRequest;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** {@link Neighbors} over an {@link RtnlSession}: one link lookup, then one request. */
final class LinuxNeighbors implements Neighbors {
    private final RtnlSession session;

    LinuxNeighbors(RtnlSession session) {
        this.session = session;
    }

    /** Equivalent to {@code ip neigh add ADDRESS lladdr MAC dev LINK nud permanent}. */
    @Override
    public void add(String link, InetAddress address, MacAddress mac) throws NetnsException {
        session.execute(NeighborRequests.add(index(link), link, required(address), Objects.requireNonNull(mac, "mac")));
    }

    /** Equivalent to {@code ip neigh replace ADDRESS lladdr MAC dev LINK nud permanent}. */
    @Override
    public void replace(String link, InetAddress address, MacAddress mac) throws NetnsException {
        session.execute(NeighborRequests.replace(index(link), link, required(address), Objects.requireNonNull(mac, "mac")));
    }

    /** Equivalent to {@code ip neigh del ADDRESS dev LINK}. */
    @Override
    public void delete(String link, InetAddress address) throws NetnsException {
        session.execute(NeighborRequests.delete(index(link), link, required(address)));
    }

    /** Equivalent to {@code ip neigh show nud all}. */
    @Override
    public List<Neighbor> list() throws NetnsException {
        return dump(Rtnl.AF_UNSPEC);
    }

    /** Equivalent to {@code bridge fdb append MAC dev LINK dst REMOTE self permanent}. */
    @Override
    public void addForwarding(String link, MacAddress mac, InetAddress remote) throws NetnsException {
        session.execute(NeighborRequests.appendForwarding(index(link), link, Objects.requireNonNull(mac, "mac"),
                Objects.requireNonNull(remote, "remote")));
    }

    /** Equivalent to {@code bridge fdb del MAC dev LINK dst REMOTE self}. */
    @Override
    public void deleteForwarding(String link, MacAddress mac, InetAddress remote) throws NetnsException {
        session.execute(NeighborRequests.deleteForwarding(index(link), link, Objects.requireNonNull(mac, "mac"),
                Objects.requireNonNull(remote, "remote")));
    }

    /** Equivalent to {@code bridge fdb show}. */
    @Override
    public List<Neighbor> forwardingEntries() throws NetnsException {
        return dump(Rtnl.AF_BRIDGE);
    }

    private List<Neighbor> dump(int family) throws NetnsException {
        NetlinkRequest request = NeighborRequests.dump(family);
        List<NetlinkMessage> replies = session.dump(request);
        try {
            List<Neighbor> out = new ArrayList<>(replies.size());
            for (NetlinkMessage m : replies) {
                if (m.type() == Rtnl.RTM_NEWNEIGH) {
                    out.add(NeighborMessage.decode(m.payloadBuffer(), "RTM_NEWNEIGH #" + out.size()).toNeighbor());
                }
            }
            return List.copyOf(out);
        } catch (MalformedMessageException e) {
            throw RtnlSession.malformed(request, e);
        }
    }

    private int index(String link) throws NetnsException {
        return session.links().get(InterfaceNames.check(link)).index();
    }

    private static InetAddress required(InetAddress address) {
        return Objects.requireNonNull(address, "address");
    }
}
