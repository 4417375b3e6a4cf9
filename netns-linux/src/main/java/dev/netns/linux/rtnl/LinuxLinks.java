package dev.netns.linux.rtnl;

import dev.netns.Bridge;
import dev.netns.InterfaceNames;
import dev.netns.Link;
import dev.netns.LinkSpec;
import dev.netns.Links;
import dev.netns.MacAddress;
import dev.netns.Macvlan;
import dev.netns.NetnsException;
import dev.netns.NetworkNamespace;
import dev.netns.NoSuchLinkException;
import dev.netns.VethPair;
import dev.netns.Vxlan;
import dev.netns.spi.LinkRules;
import dev.netns.linux.ffi.FdHold;
import dev.netns.linux.netlink.MalformedMessageException;
import dev.netns.linux.netlink.NetlinkMessage;
import dev.netns.linux.netlink.NetlinkRequest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@link Links} over an {@link RtnlSession}. Names are checked before any request; links are
 * addressed by name in requests wherever the kernel accepts that, so most operations are one
 * round trip.
 */
final class LinuxLinks implements Links {
    /** Links by index; a class rather than a lambda, which a fresh JVM would spin on its first list. */
    private static final Comparator<Link> BY_INDEX = new Comparator<>() {
        @Override
        public int compare(Link a, Link b) {
            return Integer.compare(a.index(), b.index());
        }
    };

    private final RtnlSession session;

    LinuxLinks(RtnlSession session) {
        this.session = session;
    }

    /** Equivalent to {@code ip link show}. */
    @Override
    public List<Link> list() throws NetnsException {
        NetlinkRequest request = LinkRequests.dump();
        List<NetlinkMessage> replies = session.dump(request);
        try {
            List<Link> out = new ArrayList<>(replies.size());
            for (NetlinkMessage m : replies) {
                if (m.type() == Rtnl.RTM_NEWLINK) {
                    out.add(LinkReader.read(m.payload(), "RTM_NEWLINK #", Integer.toString(out.size())));
                }
            }
            out.sort(BY_INDEX);
            return List.copyOf(out);
        } catch (MalformedMessageException e) {
            throw RtnlSession.malformed(request, e);
        }
    }

    /** Equivalent to {@code ip link show dev NAME}. */
    @Override
    public Link get(String name) throws NetnsException {
        InterfaceNames.check(name);
        return single(LinkRequests.get(name));
    }

    /** Equivalent to {@code ip link show} of one index. */
    @Override
    public Link get(int index) throws NetnsException {
        if (index <= 0) {
            throw new IllegalArgumentException("interface index must be positive, is " + index);
        }
        return single(LinkRequests.get(index));
    }

    private Link single(NetlinkRequest request) throws NetnsException {
        List<NetlinkMessage> replies = session.query(request);
        try {
            for (NetlinkMessage m : replies) {
                if (m.type() == Rtnl.RTM_NEWLINK) {
                    return LinkReader.read(m.payload(), request.describe(), null);
                }
            }
            throw new MalformedMessageException(request.describe() + ": acknowledged without a link message");
        } catch (MalformedMessageException e) {
            throw RtnlSession.malformed(request, e);
        }
    }

    @Override
    public Optional<Link> find(String name) throws NetnsException {
        try {
            return Optional.of(get(name));
        } catch (NoSuchLinkException e) {
            return Optional.empty();
        }
    }

    /**
     * Creates the link in one {@code RTM_NEWLINK} ({@code ip link add ... type KIND ...}); a veth's
     * peer is created directly in its namespace with its final name. The request asks for the new
     * link back ({@code NLM_F_ECHO}), so the returned {@code Link} comes with the acknowledgement;
     * a kernel before 6.3 does not echo, and a veth whose peer is brought up changes after the
     * create: then the link is fetched ({@code ip link show dev NAME}).
     */
    @Override
    public Link create(LinkSpec spec) throws NetnsException {
        Objects.requireNonNull(spec, "spec");
        List<FdHold> holds = new ArrayList<>(1);
        NetlinkRequest request;
        List<NetlinkMessage> replies;
        try {
            request = createRequest(spec, LinkCreation.plain().echo(), holds);
            replies = session.query(request);
        } finally {
            for (FdHold h : holds) {
                h.close();
            }
        }
        if (spec instanceof VethPair.Spec veth && veth.up()) {
            bringPeerUp(veth);
            return get(spec.name());
        }
        Link echoed;
        try {
            echoed = echoed(replies, spec.name());
        } catch (MalformedMessageException e) {
            throw RtnlSession.malformed(request, e);
        }
        return echoed != null ? echoed : get(spec.name());
    }

    /** The last link called {@code name} among the replies (the kernel's echo of a create), or null. */
    private static Link echoed(List<NetlinkMessage> replies, String name) {
        Link found = null;
        for (NetlinkMessage m : replies) {
            if (m.type() == Rtnl.RTM_NEWLINK) {
                Link l = LinkReader.read(m.payload(), "echoed RTM_NEWLINK of ", name);
                if (l.name().equals(name)) {
                    found = l;
                }
            }
        }
        return found;
    }

    /**
     * The create request of a spec; names of parents and devices are resolved here (one lookup each).
     * The master, group and echo flag of {@code how} go into the same request. A veth peer's
     * namespace descriptor is held and added to {@code holds}: the caller closes them once the
     * request has been answered, so its number cannot change meaning in between.
     */
    NetlinkRequest createRequest(LinkSpec spec, LinkCreation how, List<FdHold> holds) throws NetnsException {
        // an instanceof chain, not a pattern switch: the switch's bootstrap (SwitchBootstraps.typeSwitch)
        // costs a fresh JVM 15-30 ms on its first link; LinkSpec is sealed to exactly these four
        LinkMessage message;
        if (spec instanceof VethPair.Spec v) {
            OptionalInt fd = OptionalInt.empty();
            if (v.peerNamespace().isPresent()) {
                FdHold hold = session.hold(v.peerNamespace().get());
                holds.add(hold);
                fd = OptionalInt.of(hold.fd());
            }
            message = LinkRequests.veth(v, fd, how.master());
        } else if (spec instanceof Bridge b) {
            message = LinkRequests.bridge(b);
        } else if (spec instanceof Vxlan x) {
            OptionalInt dev = x.device().isPresent() ? OptionalInt.of(get(x.device().get()).index()) : OptionalInt.empty();
            message = LinkRequests.vxlan(x, dev);
        } else if (spec instanceof Macvlan m) {
            message = LinkRequests.macvlan(m, get(m.parent()).index());
        } else {
            throw new IllegalArgumentException("not a link this SDK creates: " + spec.getClass().getName());
        }
        String object = spec instanceof VethPair.Spec v ? v.name() + " (peer " + v.peerName() + ")" : spec.name();
        return LinkRequests.create(message, object, how);
    }

    /**
     * The kernel cannot bring a veth peer up in the creating request (it configures the peer before
     * joining the ends, and an unjoined veth refuses to open with ENOTCONN), so the peer is brought
     * up next, through its own namespace's socket. If that fails the pair is deleted again, so
     * nothing is left half-made.
     */
    private void bringPeerUp(VethPair.Spec veth) throws NetnsException {
        try {
            if (veth.peerNamespace().isPresent()) {
                veth.peerNamespace().get().links().setUp(veth.peerName());
            } else {
                setUp(veth.peerName());
            }
        } catch (NetnsException | RuntimeException e) {
            try {
                delete(veth.name());
            } catch (NetnsException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** Equivalent to {@code ip link add NAME type KIND}. */
    @Override
    public Link add(String name, String kind) throws NetnsException {
        InterfaceNames.check(name);
        if (Objects.requireNonNull(kind, "kind").isEmpty()) {
            throw new IllegalArgumentException("link kind must not be empty");
        }
        session.execute(LinkRequests.add(name, kind));
        return get(name);
    }

    /** Equivalent to {@code ip link set NAME up}. */
    @Override
    public void setUp(String name) throws NetnsException {
        session.execute(LinkRequests.setUp(InterfaceNames.check(name), true));
    }

    /** Equivalent to {@code ip link set NAME down}. */
    @Override
    public void setDown(String name) throws NetnsException {
        session.execute(LinkRequests.setUp(InterfaceNames.check(name), false));
    }

    /** Equivalent to {@code ip link set NAME promisc on} / {@code off}. */
    @Override
    public void setPromiscuous(String name, boolean on) throws NetnsException {
        session.execute(LinkRequests.setPromiscuous(InterfaceNames.check(name), on));
    }

    /** Equivalent to {@code ip link set NAME mtu MTU}. */
    @Override
    public void setMtu(String name, int mtu) throws NetnsException {
        InterfaceNames.check(name);
        LinkRules.checkMtu(mtu);
        session.execute(LinkRequests.setMtu(name, mtu));
    }

    /** Equivalent to {@code ip link set NAME address MAC}. */
    @Override
    public void setMacAddress(String name, MacAddress mac) throws NetnsException {
        InterfaceNames.check(name);
        session.execute(LinkRequests.setMacAddress(name, LinkRules.checkMac(mac)));
    }

    /** Equivalent to {@code ip link set NAME name NEWNAME}. */
    @Override
    public void rename(String name, String newName) throws NetnsException {
        InterfaceNames.check(name);
        InterfaceNames.check(newName);
        session.execute(LinkRequests.rename(get(name).index(), name, newName));
    }

    /** Equivalent to {@code ip link set NAME master MASTER}. */
    @Override
    public void setMaster(String name, String master) throws NetnsException {
        InterfaceNames.check(name);
        InterfaceNames.check(master);
        session.execute(LinkRequests.setMaster(name, get(master).index()));
    }

    /** Equivalent to {@code ip link set NAME nomaster}. */
    @Override
    public void setNoMaster(String name) throws NetnsException {
        session.execute(LinkRequests.setMaster(InterfaceNames.check(name), 0));
    }

    /** Equivalent to {@code ip link set NAME netns TARGET}. */
    @Override
    public void moveTo(String name, NetworkNamespace target) throws NetnsException {
        InterfaceNames.check(name);
        Objects.requireNonNull(target, "target");
        try (FdHold hold = session.hold(target)) {
            session.execute(LinkRequests.moveTo(name, hold.fd()));
        }
    }

    /** Equivalent to {@code ip link del NAME}. */
    @Override
    public void delete(String name) throws NetnsException {
        session.execute(LinkRequests.delete(InterfaceNames.check(name)));
    }
}
