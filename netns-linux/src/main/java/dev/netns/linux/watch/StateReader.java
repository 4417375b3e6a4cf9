package dev.netns.linux.watch;

import dev.netns.NetnsException;
import dev.netns.NetworkEvent;
import dev.netns.linux.ffi.Failures;
import dev.netns.linux.ffi.ErrnoException;
import dev.netns.linux.netlink.Ack;
import dev.netns.linux.netlink.MalformedMessageException;
import dev.netns.linux.netlink.Netlink;
import dev.netns.linux.netlink.NetlinkException;
import dev.netns.linux.netlink.NetlinkMessage;
import dev.netns.linux.netlink.NetlinkMulticastSocket;
import dev.netns.linux.netlink.NetlinkRequest;
import dev.netns.linux.rtnl.Notification;
import dev.netns.linux.rtnl.Notifications;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads the current objects of some kinds on the watch's own, subscribed socket: the list half of
 * list-then-watch. Because the dumps run on the socket that also receives the notifications, both
 * arrive in one queue in the kernel's order, and each message gets a position in it. A
 * notification that arrived before the dump entry of the same object is older than that entry and
 * is dropped (the snapshot already contains it); one that arrived after is newer and is applied.
 * So nothing between "subscribed" and "dumped" is lost or applied twice.
 *
 * <p>A dump the kernel marks {@code NLM_F_DUMP_INTR} (its table changed while it was read, so
 * entries may be missing or doubled), or during which notifications were lost ({@code ENOBUFS}),
 * is read again, up to {@value #ATTEMPTS} times; then the read fails naming the cause.
 */
final class StateReader {
    private static final Logger LOG = LoggerFactory.getLogger(StateReader.class);
    static final int ATTEMPTS = 5;
    static final Duration DUMP_TIMEOUT = Duration.ofSeconds(30);

    /**
     * The objects read and what else arrived meanwhile.
     *
     * @param objects per kind read, the objects by key, in dump order
     * @param others  notifications of kinds that were not read, in arrival order, to be applied after
     */
    record Reading(Map<NetworkEvent.Kind, LinkedHashMap<Object, Notification>> objects, List<Notification> others) {
    }

    private record Positioned(long position, Notification notification) {
    }

    private final WatchSocket socket;
    private final String label;

    StateReader(WatchSocket socket, String label) {
        this.socket = socket;
        this.label = label;
    }

    /** Returns when {@code e} reports lost notifications; else throws the socket's failure. */
    static void throwUnlessOverrun(ErrnoException e, String label) throws NetnsException {
        if (!NetlinkMulticastSocket.isOverrun(e)) {
            throw Failures.of(e, Failures.Subject.LINK, "watch of " + label);
        }
    }

    /** Reads {@code kinds} consistently. @throws NetnsException after {@value #ATTEMPTS} inconsistent reads, or when a dump fails */
    Reading read(Set<NetworkEvent.Kind> kinds) throws NetnsException {
        String lastCause = "";
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Round round = new Round(kinds);
            String problem = round.run();
            if (problem == null) {
                return round.merge();
            }
            lastCause = problem;
            LOG.debug("{}: watch snapshot attempt {} inconsistent: {}", label, attempt, problem);
        }
        NetlinkRequest first = Notifications.dumps(kinds.iterator().next()).getFirst();
        throw Notifications.failure(new NetlinkException(first.operation(), "watch of " + label, 0, Optional.empty(),
                OptionalInt.empty(), "no consistent snapshot in " + ATTEMPTS + " attempts, the namespace kept changing"
                + " while it was read (last: " + lastCause + ")", null));
    }

    /** One attempt: every dump of the kinds, one after the other. */
    private final class Round {
        private final Set<NetworkEvent.Kind> kinds;
        private final Map<Object, Long> dumpedAt = new HashMap<>();
        private final Map<NetworkEvent.Kind, LinkedHashMap<Object, Notification>> objects =
                new EnumMap<>(NetworkEvent.Kind.class);
        private final List<Positioned> pending = new ArrayList<>();
        private long position;
        private String problem;

        Round(Set<NetworkEvent.Kind> kinds) {
            this.kinds = kinds;
            kinds.forEach(k -> objects.put(k, new LinkedHashMap<>()));
        }

        /** Runs the dumps; null when they were consistent, else what went wrong. */
        String run() throws NetnsException {
            for (NetworkEvent.Kind kind : kinds) {
                for (NetlinkRequest request : Notifications.dumps(kind)) {
                    dump(request);
                }
            }
            return problem;
        }

        private void dump(NetlinkRequest request) throws NetnsException {
            int seq;
            try {
                seq = socket.sendDump(request);
            } catch (ErrnoException e) {
                throw Failures.of(e, Failures.Subject.LINK, "watch of " + label);
            }
            long deadline = System.nanoTime() + DUMP_TIMEOUT.toNanos();
            while (true) {
                List<NetlinkMessage> messages;
                try {
                    messages = socket.receive();
                } catch (ErrnoException e) {
                    throwUnlessOverrun(e, label);
                    problem = "notifications lost (ENOBUFS)";
                    continue; // the dump goes on; a new one could not start before it ends (EBUSY)
                } catch (MalformedMessageException e) {
                    problem = "malformed datagram: " + e.getMessage();
                    continue;
                }
                if (messages.isEmpty() && System.nanoTime() > deadline) {
                    throw Notifications.failure(NetlinkException.failed(request,
                            "no end of the dump within " + DUMP_TIMEOUT.toSeconds() + " s (watch of " + label + ")", null));
                }
                for (NetlinkMessage m : messages) {
                    if (accept(request, seq, m)) {
                        return;
                    }
                }
            }
        }

        /** Files one message; true when it ended the dump. */
        private boolean accept(NetlinkRequest request, int seq, NetlinkMessage m) throws NetnsException {
            boolean ours = m.header().portId() == socket.portId();
            if (ours && m.header().seq() != seq) {
                return false; // the tail of an earlier dump
            }
            boolean reply = ours;
            if (reply && m.hasFlag(Netlink.NLM_F_DUMP_INTR)) {
                problem = request.describe() + " interrupted by concurrent changes (NLM_F_DUMP_INTR)";
            }
            if (reply && (m.type() == Netlink.NLMSG_DONE || m.type() == Netlink.NLMSG_ERROR)) {
                Ack ack = Ack.parse(m);
                if (!ack.isSuccess()) {
                    throw Notifications.failure(NetlinkException.refused(request, ack));
                }
                return true;
            }
            try {
                var decoded = Notifications.decode(m);
                if (decoded.isPresent()) {
                    Notification n = decoded.get();
                    if (reply) {
                        LinkedHashMap<Object, Notification> table = objects.get(n.kind());
                        if (table != null) {
                            table.put(n.key(), n);
                            dumpedAt.put(n.key(), position);
                        }
                    } else {
                        pending.add(new Positioned(position, n));
                    }
                }
            } catch (MalformedMessageException e) {
                LOG.warn("{}: skipped a malformed {} message: {}", label, reply ? "dump" : "notification", e.getMessage());
            }
            position++;
            return false;
        }

        /** The dumped objects with every notification newer than its object's dump entry applied. */
        Reading merge() {
            List<Notification> others = new ArrayList<>();
            for (Positioned p : pending) {
                Notification n = p.notification();
                LinkedHashMap<Object, Notification> table = objects.get(n.kind());
                if (table == null) {
                    others.add(n);
                    continue;
                }
                Long dumped = dumpedAt.get(n.key());
                if (dumped != null && dumped > p.position()) {
                    continue; // the dump saw this object after the notification: it is contained
                }
                WatchState.applyTo(table, n, key -> {
                    Long at = dumpedAt.get(key);
                    return at == null || at < p.position();
                });
            }
            return new Reading(objects, others);
        }
    }
}
