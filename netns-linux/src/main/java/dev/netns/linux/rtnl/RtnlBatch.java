package dev.netns.linux.rtnl;

import dev.netns.InterfaceNames;
import dev.netns.IpPrefix;
import dev.netns.LinkSpec;
import dev.netns.NetnsException;
import dev.netns.spi.LinkRules;
import dev.netns.linux.ffi.FdHold;
import dev.netns.linux.netlink.NetlinkRequest;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Several requests for one namespace sent together: framed into as few datagrams as possible, the
 * kernel handling them in order, their acks matched back by sequence number. A pod's setup costs
 * one round trip per namespace instead of one per step.
 *
 * {@snippet :
 * // node namespace: the veth, host end enslaved to the bridge and up, peer created in the pod
 * node.batch().createLink(vethSpec, bridgeIndex).execute();
 * // pod namespace: loopback and eth0 up, address, default route
 * pod.batch()
 *    .setUp("lo").setUp("eth0")
 *    .addAddress(eth0Index, "eth0", IpPrefix.parse("10.244.1.2/24"))
 *    .addDefaultRoute(IpPrefix.parseAddress("10.244.1.1"))
 *    .execute();
 * }
 *
 * <p>The kernel keeps going after a refused request, so later requests still run: {@link #execute()}
 * throws the first failure with the later ones suppressed; {@link #executeAll()} reports each.
 * Not atomic: the caller undoes what succeeded if it must. A batch is filled by one thread and
 * executed once; the socket's other users wait while it runs. A veth whose peer goes to another
 * namespace holds that namespace's descriptor from {@code createLink} until the batch is executed
 * (that handle's {@code close()} takes effect then): execute every batch you fill.
 */
public final class RtnlBatch {
    private final RtnlSession session;
    private final List<NetlinkRequest> requests = new ArrayList<>();
    /** Namespace descriptors the requests carry (veth peers), held until the batch is executed. */
    private final List<FdHold> holds = new ArrayList<>();
    private boolean executed;

    RtnlBatch(RtnlSession session) {
        this.session = session;
    }

    /** Adds a prepared request ({@link LinkRequests}, {@link AddressRequests}, {@link RouteRequests}). */
    public RtnlBatch add(NetlinkRequest request) {
        if (executed) {
            throw new IllegalStateException("batch already executed; make a new one with RtnlSession.batch()");
        }
        requests.add(Objects.requireNonNull(request, "request"));
        return this;
    }

    /**
     * {@code ip link add ...}. Names the spec refers to (a macvlan's parent, a vxlan's device) are
     * resolved now, with one lookup each; a veth needs none.
     */
    public RtnlBatch createLink(LinkSpec spec) throws NetnsException {
        return createLink(spec, LinkCreation.plain());
    }

    /** {@code ip link add ... master MASTER}: created already enslaved to the bridge of that index. */
    public RtnlBatch createLink(LinkSpec spec, int masterIndex) throws NetnsException {
        return createLink(spec, LinkCreation.plain().master(positive(masterIndex, "master index")));
    }

    /**
     * {@code ip link add ... [master MASTER] [group G]}, optionally echoed: the new link then comes
     * back in {@link RtnlSession.Outcome#echoedLinks()} of {@link #exchange()}.
     */
    public RtnlBatch createLink(LinkSpec spec, LinkCreation how) throws NetnsException {
        return add(session.linksImpl().createRequest(Objects.requireNonNull(spec, "spec"), Objects.requireNonNull(how, "how"),
                holds));
    }

    /** {@code ip link set NAME type bridge_slave hairpin on|off}. */
    public RtnlBatch setHairpin(String name, boolean on) {
        return add(LinkRequests.setBridgePort(InterfaceNames.check(name), BridgePortData.hairpin(on)));
    }

    /** {@code ip link del group G}; {@code description} (what the group holds) is for errors. */
    public RtnlBatch deleteGroup(int group, String description) {
        return add(LinkRequests.deleteGroup(group, Objects.requireNonNull(description, "description")));
    }

    /** {@code ip link set NAME up}. */
    public RtnlBatch setUp(String name) {
        return add(LinkRequests.setUp(InterfaceNames.check(name), true));
    }

    /** {@code ip link set NAME down}. */
    public RtnlBatch setDown(String name) {
        return add(LinkRequests.setUp(InterfaceNames.check(name), false));
    }

    /** {@code ip link set NAME mtu MTU}. */
    public RtnlBatch setMtu(String name, int mtu) {
        return add(LinkRequests.setMtu(InterfaceNames.check(name), LinkRules.checkMtu(mtu)));
    }

    /** {@code ip link set NAME master MASTER} with the master's index. */
    public RtnlBatch setMaster(String name, int masterIndex) {
        return add(LinkRequests.setMaster(InterfaceNames.check(name), positive(masterIndex, "master index")));
    }

    /** {@code ip link del NAME}. */
    public RtnlBatch deleteLink(String name) {
        return add(LinkRequests.delete(InterfaceNames.check(name)));
    }

    /** {@code ip addr add PREFIX dev LINK} ({@code nodad} for IPv6); {@code linkName} is for messages. */
    public RtnlBatch addAddress(int linkIndex, String linkName, IpPrefix prefix) {
        return add(AddressRequests.add(positive(linkIndex, "link index"), linkName, Objects.requireNonNull(prefix, "prefix")));
    }

    /** {@code ip route add default via GATEWAY}. */
    public RtnlBatch addDefaultRoute(InetAddress gateway) {
        return add(RouteRequests.addVia(LinuxRoutes.defaultOf(Objects.requireNonNull(gateway, "gateway")), gateway));
    }

    /** {@code ip route add DESTINATION via GATEWAY}. */
    public RtnlBatch addRoute(IpPrefix destination, InetAddress gateway) {
        return add(RouteRequests.addVia(Objects.requireNonNull(destination, "destination"),
                Objects.requireNonNull(gateway, "gateway")));
    }

    /** {@code ip route add DESTINATION dev LINK} (scope link). */
    public RtnlBatch addOnLinkRoute(IpPrefix destination, int linkIndex, String linkName) {
        return add(RouteRequests.addOnLink(Objects.requireNonNull(destination, "destination"),
                positive(linkIndex, "link index"), linkName));
    }

    /** The number of requests added. */
    public int size() {
        return requests.size();
    }

    /**
     * Sends every request and waits for every ack.
     *
     * @throws NetnsException the first refusal, later ones attached as suppressed
     */
    public void execute() throws NetnsException {
        NetnsException first = null;
        for (Optional<NetnsException> failure : executeAll()) {
            if (failure.isPresent()) {
                if (first == null) {
                    first = failure.get();
                } else {
                    first.addSuppressed(failure.get());
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Sends every request and returns, in request order, each one's failure or empty for success. */
    public List<Optional<NetnsException>> executeAll() {
        List<Optional<NetnsException>> out = new ArrayList<>(requests.size());
        for (RtnlSession.Outcome outcome : exchange()) {
            out.add(outcome.failure());
        }
        return out;
    }

    /**
     * Sends every request and returns, in request order, each one's outcome with the messages the
     * kernel sent back (echoed links). Never throws for a kernel refusal;
     * {@link RtnlSession#throwFirstFailure} does.
     */
    public List<RtnlSession.Outcome> exchange() {
        if (executed) {
            throw new IllegalStateException("batch already executed; make a new one with RtnlSession.batch()");
        }
        executed = true;
        try {
            return requests.isEmpty() ? List.of() : session.exchange(requests);
        } finally {
            for (FdHold h : holds) {
                h.close();
            }
            holds.clear();
        }
    }

    private static int positive(int value, String what) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive, is " + value);
        }
        return value;
    }
}
