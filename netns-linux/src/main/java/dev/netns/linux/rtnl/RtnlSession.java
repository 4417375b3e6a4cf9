package dev.netns.linux.rtnl;

import dev.netns.Addresses;
import dev.netns.Link;
import dev.netns.Links;
import dev.netns.Neighbors;
import dev.netns.NetnsException;
import dev.netns.NetworkNamespace;
import dev.netns.Routes;
import dev.netns.linux.ffi.Failures;
import dev.netns.linux.ffi.ErrnoException;
import dev.netns.linux.ffi.FdHold;
import dev.netns.linux.netlink.MalformedMessageException;
import dev.netns.linux.netlink.NetlinkConnection;
import dev.netns.linux.netlink.NetlinkException;
import dev.netns.linux.netlink.NetlinkMessage;
import dev.netns.linux.netlink.NetlinkRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One rtnetlink socket bound to one network namespace, and the {@link Links}, {@link Addresses},
 * {@link Routes} and {@link Neighbors} views over it. The socket belongs to the namespace of the
 * thread that called {@link #openInCurrentNamespace}, for life; afterwards any thread may use the session.
 * Thread-safe; requests from many threads are serialized on the socket.
 *
 * {@snippet :
 * RtnlSession s = pod.call(() -> RtnlSession.openInCurrentNamespace("pod1", namespaceFds));
 * s.links().setUp("lo");
 * RtnlBatch b = s.batch();
 * b.setUp("eth0");
 * b.addAddress(2, "eth0", IpPrefix.parse("10.244.1.2/24"));
 * b.addDefaultRoute(IpPrefix.parseAddress("10.244.1.1"));
 * b.execute();                      // one send, three acks
 * }
 *
 * <p>Owns its socket: {@link #close()} closes it (idempotent); later calls throw
 * {@link IllegalStateException}.
 */
public final class RtnlSession implements AutoCloseable {
    /** The logger, set up when there is something to report (see {@link NetlinkConnection#LOG_PROPERTY}). */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(RtnlSession.class);
    }

    /** How long one reply may take before a request fails instead of hanging. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final NetlinkConnection connection;
    private final String label;
    private final Function<NetworkNamespace, FdHold> namespaceFds;
    private final LinuxLinks links;
    private final LinuxAddresses addresses;
    private final LinuxRoutes routes;
    private final LinuxNeighbors neighbors;

    private RtnlSession(NetlinkConnection connection, String label, Function<NetworkNamespace, FdHold> namespaceFds) {
        this.connection = connection;
        this.label = label;
        this.namespaceFds = namespaceFds;
        this.links = new LinuxLinks(this);
        this.addresses = new LinuxAddresses(this);
        this.routes = new LinuxRoutes(this);
        this.neighbors = new LinuxNeighbors(this);
    }

    /**
     * Opens a {@code NETLINK_ROUTE} socket in the calling thread's current network namespace.
     * Namespaces passed to the views later (veth peers, {@code moveTo}) are turned into descriptors
     * by {@code namespaceFds}, which the namespace layer above supplies.
     *
     * @param namespaceLabel names the namespace in errors and logs
     * @param namespaceFds   holds the nsfs descriptor of a namespace handle open (for {@code IFLA_NET_NS_FD})
     *                       until the request carrying its number has been answered
     */
    public static RtnlSession openInCurrentNamespace(String namespaceLabel, Function<NetworkNamespace, FdHold> namespaceFds)
            throws NetnsException {
        return open(namespaceLabel, DEFAULT_TIMEOUT, namespaceFds);
    }

    /**
     * As {@link #openInCurrentNamespace(String, Function)}, with a per-request timeout (one
     * exchange, all of its replies).
     */
    public static RtnlSession open(String namespaceLabel, Duration timeout, Function<NetworkNamespace, FdHold> namespaceFds)
            throws NetnsException {
        try {
            NetlinkConnection c = NetlinkConnection.open(namespaceLabel, timeout);
            if (NetlinkConnection.logsExchanges()) {
                Log.LOG.debug("rtnetlink socket of {} open, port {}", namespaceLabel, Integer.toUnsignedString(c.portId()));
            }
            return new RtnlSession(c, namespaceLabel, namespaceFds);
        } catch (ErrnoException e) {
            throw Failures.of(e, Failures.Subject.LINK, "rtnetlink socket of " + namespaceLabel);
        }
    }

    /** The links of the namespace ({@code ip link}). */
    public Links links() {
        return links;
    }

    /** The addresses of the namespace ({@code ip addr}). */
    public Addresses addresses() {
        return addresses;
    }

    /** The routes of the namespace ({@code ip route}). */
    public Routes routes() {
        return routes;
    }

    /** The neighbour and forwarding entries of the namespace ({@code ip neigh}, {@code bridge fdb}). */
    public Neighbors neighbors() {
        return neighbors;
    }

    /** A new, empty batch of requests for this socket. */
    public RtnlBatch batch() {
        return new RtnlBatch(this);
    }

    /** The label of the namespace, as given at open. */
    public String label() {
        return label;
    }

    /** Whether the socket is closed: by {@link #close()}, or after an exchange that could not be drained. */
    public boolean isClosed() {
        return connection.isClosed();
    }

    /** Closes the socket. Idempotent; a close failure is logged, as nothing else can be done with it. */
    @Override
    public void close() {
        try {
            connection.close();
        } catch (ErrnoException e) {
            Log.LOG.warn("closing the rtnetlink socket of {} failed: {}", label, e.getMessage());
        }
    }

    /** The outcome of one request of {@link #exchange}: its reply messages (e.g. an {@code NLM_F_ECHO}), or its failure. */
    public record Outcome(NetlinkRequest request, List<NetlinkMessage> messages, Optional<NetnsException> failure) {

        /**
         * The links among the reply messages ({@code RTM_NEWLINK} sent back for {@link LinkCreation#echo()}),
         * read as a fetched link is: the attributes a {@link Link} shows, the others stepped over.
         */
        public List<Link> echoedLinks() {
            List<Link> out = new ArrayList<>(1);
            for (NetlinkMessage m : messages) {
                if (m.type() == Rtnl.RTM_NEWLINK) {
                    out.add(LinkReader.read(m.payload(), "echoed RTM_NEWLINK of ", request.describe()));
                }
            }
            return out;
        }
    }

    /**
     * Sends the requests together (as {@link RtnlBatch} does) and returns each one's outcome, in
     * request order, keeping reply messages. Never throws for a kernel refusal.
     */
    public List<Outcome> exchange(List<NetlinkRequest> requests) {
        List<Outcome> out = new ArrayList<>(requests.size());
        for (NetlinkConnection.Reply r : connection.exchange(requests)) {
            Optional<NetnsException> failure = r.failure().isPresent() ? Optional.of(RtnlErrors.translate(r.failure().get())) : Optional.empty();
            out.add(new Outcome(r.request(), r.messages(), failure));
        }
        return out;
    }

    /** Throws the first failure of {@code outcomes}, with the later ones suppressed. */
    public static void throwFirstFailure(List<Outcome> outcomes) throws NetnsException {
        NetnsException first = null;
        for (Outcome o : outcomes) {
            if (o.failure().isPresent()) {
                if (first == null) {
                    first = o.failure().get();
                } else {
                    first.addSuppressed(o.failure().get());
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Every link of the namespace as the typed message the kernel sent (all attributes). Equivalent to {@code ip -d link show}. */
    public List<LinkMessage> linkMessages() throws NetnsException {
        NetlinkRequest request = LinkRequests.dump();
        List<NetlinkMessage> replies = dump(request);
        try {
            List<LinkMessage> out = new ArrayList<>(replies.size());
            for (NetlinkMessage m : replies) {
                if (m.type() == Rtnl.RTM_NEWLINK) {
                    out.add(LinkMessage.decode(m.payloadBuffer(), "RTM_NEWLINK #" + out.size()));
                }
            }
            return List.copyOf(out);
        } catch (MalformedMessageException e) {
            throw malformed(request, e);
        }
    }

    LinuxLinks linksImpl() {
        return links;
    }

    NetlinkConnection connection() {
        return connection;
    }

    /** Holds the descriptor of {@code namespace} open until the hold is closed (after the request using it). */
    FdHold hold(NetworkNamespace namespace) {
        return namespaceFds.apply(namespace);
    }

    void execute(NetlinkRequest request) throws NetnsException {
        try {
            connection.execute(request);
        } catch (NetlinkException e) {
            throw RtnlErrors.translate(e);
        }
    }

    List<NetlinkMessage> query(NetlinkRequest request) throws NetnsException {
        try {
            return connection.query(request);
        } catch (NetlinkException e) {
            throw RtnlErrors.translate(e);
        }
    }

    List<NetlinkMessage> dump(NetlinkRequest request) throws NetnsException {
        try {
            return connection.dump(request);
        } catch (NetlinkException e) {
            throw RtnlErrors.translate(e);
        }
    }

    /**
     * A reply of {@code request} that could not be decoded, as a {@link NetnsException} naming the
     * request. Callers decode in a {@code try} of their own rather than in a callback: each lambda is
     * a class a fresh JVM has to spin before its first use.
     */
    static NetnsException malformed(NetlinkRequest request, MalformedMessageException e) {
        return RtnlErrors.malformed(request.operation(), request.object(), e);
    }

    @Override
    public String toString() {
        return "RtnlSession[" + label + ", port " + Integer.toUnsignedString(connection.portId()) + "]";
    }
}
