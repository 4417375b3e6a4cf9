package dev.netns.linux.netlink;

import dev.netns.linux.ffi.Errno;
import dev.netns.linux.ffi.ErrnoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.HashSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Request/reply over one {@link NetlinkSocket} (any {@link Transport}): sequence numbers, framing, collecting replies to
 * the ack or {@code NLMSG_DONE}, checking port id and sequence on every reply, retrying
 * interrupted dumps, and batches (many requests in one {@code send}, their acks matched back by
 * sequence number).
 *
 * <p>Thread-safe: one exchange at a time, under a {@link ReentrantLock}.
 *
 * <p>Every exchange has a deadline: the timeout given at open counts from the send, for all of
 * its replies together (a dump that keeps trickling cannot hold the caller longer). The wait is
 * {@code poll} in slices of at most {@value #WAIT_SLICE_MILLIS} ms, so a caller that is
 * interrupted gets, within one slice, a {@link NetlinkException} with {@code EINTR} (its interrupt
 * status kept); a virtual thread pins its carrier for one slice at most. A request that timed out
 * or was interrupted may still have been applied by the kernel: its failure says so.
 *
 * <p>An exchange abandoned half-way (timeout, interrupt, malformed reply) leaves the kernel
 * mid-dump, and a socket with a dump in progress refuses the next dump with {@code EBUSY}. So the
 * next exchange first drains it: reads and drops the rest of every abandoned dump, within the
 * timeout. If that fails too, the socket is closed instead of being left unusable: that exchange
 * fails saying so, and the owner opens a new one ({@code isClosed()} tells it to). Replies with a
 * sequence number not awaited (late answers to an abandoned request) are dropped.
 *
 * <p>When the kernel drops replies ({@code ENOBUFS}: the receive buffer overran), the replies still
 * queued are read, so each request whose ack arrived gets its real outcome; only those whose ack
 * was lost fail, saying that they may or may not have been applied.
 */
public final class NetlinkConnection implements AutoCloseable {
    /** The logger, set up when there is something to report: a fresh JVM's first request does not pay for logging. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(NetlinkConnection.class);
    }

    /**
     * Whether every exchange is logged (debug: requests and time taken; trace: the bytes), set by the
     * system property {@value #LOG_PROPERTY}. Off by default, so that a process that logs nothing
     * else never sets up its logging framework for netlink (with slf4j-simple that is 70–110 ms of
     * a fresh JVM's first request).
     */
    private static final boolean LOG_EXCHANGES = Boolean.getBoolean("dev.netns.linux.netlink.log");
    /** The system property that turns on logging of every exchange. */
    public static final String LOG_PROPERTY = "dev.netns.linux.netlink.log";

    /** Whether exchanges (and sockets opened) are logged: see {@link #LOG_PROPERTY}. */
    public static boolean logsExchanges() {
        return LOG_EXCHANGES;
    }
    /** A dump interrupted by concurrent changes ({@code NLM_F_DUMP_INTR}) is tried this often in all. */
    static final int DUMP_ATTEMPTS = 5;
    /** Requests per datagram of a batch; their acks must fit the socket's receive buffer. */
    static final int MAX_BATCH_DATAGRAM_MESSAGES = 64;
    static final int MAX_BATCH_DATAGRAM_BYTES = 32 * 1024;
    /** The longest single wait for a datagram: how soon an interrupt is noticed. */
    static final long WAIT_SLICE_MILLIS = 50;

    private final Transport socket;
    private final String label;
    private final Duration timeout;
    private final ReentrantLock lock = new ReentrantLock();
    private int lastSeq;
    /** Written under {@link #lock}. */
    private volatile boolean closed;
    /** Sequence numbers of dumps an earlier exchange abandoned before their {@code NLMSG_DONE}. */
    private final Set<Integer> abandonedDumps = new HashSet<>();

    /** The outcome of one request of an exchange: its data replies, and a failure if it had one. */
    public record Reply(NetlinkRequest request, List<NetlinkMessage> messages, boolean interrupted,
                        Optional<NetlinkException> failure) {
    }

    /** Over any transport; {@link #open} uses a real socket, tests a byte-level fake. */
    NetlinkConnection(Transport socket, String label, Duration timeout) {
        this.socket = socket;
        this.label = label;
        this.timeout = timeout;
        this.lastSeq = (int) (System.nanoTime() & 0x3fffffff);
    }

    /**
     * Opens a {@code NETLINK_ROUTE} socket in the calling thread's network namespace.
     *
     * @param label   names the namespace in logs
     * @param timeout how long one exchange may wait for all of its replies
     */
    public static NetlinkConnection open(String label, Duration timeout) throws ErrnoException {
        return new NetlinkConnection(NetlinkSocket.openForExchanges(Netlink.NETLINK_ROUTE), label, timeout);
    }

    /** The kernel-assigned port id of the socket. */
    public int portId() {
        return socket.portId();
    }

    /** Sends a request that changes state and waits for its ack. */
    public void execute(NetlinkRequest request) throws NetlinkException {
        single(request);
    }

    /** Sends a non-dump get and returns its reply messages (the ack is consumed). */
    public List<NetlinkMessage> query(NetlinkRequest request) throws NetlinkException {
        return single(request).messages();
    }

    /**
     * Sends a dump and returns every message up to {@code NLMSG_DONE}. A dump the kernel marks
     * {@code NLM_F_DUMP_INTR} (the table changed while it was read) is repeated, up to
     * {@value #DUMP_ATTEMPTS} times in all, then fails with {@code EINTR}.
     */
    public List<NetlinkMessage> dump(NetlinkRequest request) throws NetlinkException {
        if (!request.isDump()) {
            throw new IllegalArgumentException(request.describe() + " is not a dump (needs NLM_F_DUMP)");
        }
        for (int attempt = 1; ; attempt++) {
            Reply reply = single(request);
            if (!reply.interrupted()) {
                return reply.messages();
            }
            Log.LOG.debug("{}: {} interrupted by a concurrent change (attempt {})", label, request.describe(), attempt);
            if (attempt == DUMP_ATTEMPTS) {
                throw NetlinkException.failed(request, Errno.EINTR,
                        "dump interrupted by concurrent changes " + DUMP_ATTEMPTS + " times in a row", null);
            }
        }
    }

    private Reply single(NetlinkRequest request) throws NetlinkException {
        Reply reply = exchange(List.of(request)).getFirst();
        if (reply.failure().isPresent()) {
            throw reply.failure().get();
        }
        return reply;
    }

    /**
     * Sends all requests (several per datagram) and collects every reply; one reply per request, in
     * request order. The kernel handles the requests in order and keeps going after a refusal, so
     * each request's failure is reported on its own reply.
     */
    public List<Reply> exchange(List<NetlinkRequest> requests) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("netlink socket of " + label + " is closed");
            }
            if (Thread.currentThread().isInterrupted()) {
                return failAll(requests, Errno.EINTR, "the calling thread is interrupted; nothing was sent");
            }
            Optional<String> drainFailure = drain();
            if (drainFailure.isPresent()) {
                return failAll(requests, Errno.EIO, drainFailure.get());
            }
            Pending[] pending = new Pending[requests.size()];
            int next = 0;
            while (next < requests.size()) {
                int from = next;
                int bytes = requests.get(from).framedLength();
                int end = from + 1;
                while (end < requests.size() && end - from < MAX_BATCH_DATAGRAM_MESSAGES
                        && bytes + requests.get(end).framedLength() <= MAX_BATCH_DATAGRAM_BYTES) {
                    bytes += requests.get(end).framedLength();
                    end++;
                }
                byte[] datagram = new byte[bytes];
                Map<Integer, Pending> bySeq = new HashMap<>();
                for (int at = 0; next < end; next++) {
                    NetlinkRequest r = requests.get(next);
                    int seq = nextSeq();
                    r.writeTo(datagram, at, seq);
                    at += r.framedLength();
                    pending[next] = new Pending(r, seq);
                    bySeq.put(seq, pending[next]);
                }
                transfer(datagram, bySeq);
            }
            List<Reply> out = new ArrayList<>(pending.length);
            for (Pending p : pending) {
                out.add(new Reply(p.request, List.copyOf(p.messages), p.interrupted, Optional.ofNullable(p.failure)));
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    private static List<Reply> failAll(List<NetlinkRequest> requests, int errno, String why) {
        return requests.stream().map(r -> new Reply(r, List.<NetlinkMessage>of(), false,
                Optional.of(NetlinkException.failed(r, errno, why, null)))).toList();
    }

    private void transfer(byte[] datagram, Map<Integer, Pending> bySeq) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        if (LOG_EXCHANGES && Log.LOG.isTraceEnabled()) {
            Log.LOG.trace("{}: send {}", label, HexFormat.of().formatHex(datagram));
        }
        try {
            socket.send(datagram);
        } catch (ErrnoException e) {
            bySeq.values().forEach(p -> p.failure = NetlinkException.failed(p.request, e.errno(),
                    "send failed: " + Errno.description(e.errno()), e));
            return;
        }
        int outstanding = bySeq.size();
        boolean overrun = false;
        while (outstanding > 0) {
            ByteBuffer in;
            try {
                // after an overrun only what is queued: the kernel answers requests while they are sent
                in = overrun ? receiveQueued() : receiveBefore(deadline);
            } catch (ErrnoException e) {
                if (e.errno() == Errno.ENOBUFS && !overrun) {
                    overrun = true; // some replies were dropped; the ones still queued say what happened to theirs
                    continue;
                }
                if (overrun && e.errno() == Errno.EAGAIN) {
                    abandon(bySeq, Errno.ENOBUFS, "the kernel dropped the reply (socket receive buffer overrun): "
                            + "the request may or may not have been applied", e);
                    return;
                }
                String why = switch (e.errno()) {
                    case Errno.EAGAIN -> "no complete reply from the kernel within " + timeout.toMillis()
                            + " ms; the request may still be applied";
                    case Errno.EINTR -> "interrupted while waiting for the kernel's reply; the request may have been applied";
                    default -> "receive failed: " + Errno.description(e.errno());
                };
                abandon(bySeq, e.errno() == Errno.EAGAIN ? 0 : e.errno(), why, e);
                return;
            }
            if (LOG_EXCHANGES && Log.LOG.isTraceEnabled()) {
                Log.LOG.trace("{}: recv {}", label, HexFormat.of().formatHex(in.array(), 0, in.limit()));
            }
            List<NetlinkMessage> messages;
            try {
                messages = NetlinkMessage.split(in);
            } catch (MalformedMessageException e) {
                abandon(bySeq, 0, "malformed reply: " + e.getMessage(), e);
                return;
            }
            for (NetlinkMessage m : messages) {
                if (accept(m, bySeq)) {
                    outstanding--;
                }
            }
        }
        if (LOG_EXCHANGES) {
            Log.LOG.debug("{}: {} request(s) answered in {} µs", label, bySeq.size(), (System.nanoTime() - start) / 1000);
        }
    }

    /**
     * One datagram, waiting in slices until {@code deadline}: {@code EAGAIN} when it passed,
     * {@code EINTR} when the caller was interrupted (its interrupt status stays set).
     */
    private ByteBuffer receiveBefore(long deadline) throws ErrnoException {
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                throw new ErrnoException("recv", Errno.EINTR);
            }
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) { // also when replies keep coming: the deadline is for the whole exchange
                throw new ErrnoException("recv", Errno.EAGAIN);
            }
            try {
                return socket.receive(Math.min(left, WAIT_SLICE_MILLIS));
            } catch (ErrnoException e) {
                if (e.errno() != Errno.EAGAIN) {
                    throw e;
                }
            }
        }
    }

    /** A datagram already queued on the socket, or {@code EAGAIN}. */
    private ByteBuffer receiveQueued() throws ErrnoException {
        if (Thread.currentThread().isInterrupted()) {
            throw new ErrnoException("recv", Errno.EINTR);
        }
        return socket.receive(0);
    }

    /** Fails every unanswered request of an exchange and remembers its unfinished dumps for {@link #drain()}. */
    private void abandon(Map<Integer, Pending> bySeq, int errno, String why, Exception cause) {
        for (Pending p : bySeq.values()) {
            if (!p.done) {
                p.failure = NetlinkException.failed(p.request, errno, why, cause);
                if (p.request.isDump()) {
                    abandonedDumps.add(p.seq);
                }
            }
        }
    }

    /**
     * Reads and drops the rest of every abandoned dump, within the timeout. Empty when the socket is
     * clean; otherwise the socket has been closed (it would refuse dumps with {@code EBUSY}) and the
     * reason is returned.
     */
    private Optional<String> drain() {
        if (abandonedDumps.isEmpty()) {
            return Optional.empty();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        String failure;
        try {
            while (!abandonedDumps.isEmpty()) {
                for (NetlinkMessage m : NetlinkMessage.split(receiveBefore(deadline))) {
                    int type = m.type();
                    if (type == Netlink.NLMSG_DONE || type == Netlink.NLMSG_ERROR || type == Netlink.NLMSG_OVERRUN) {
                        abandonedDumps.remove(m.header().seq());
                    }
                }
            }
            Log.LOG.debug("{}: drained the rest of an abandoned dump", label);
            return Optional.empty();
        } catch (ErrnoException e) {
            if (e.errno() == Errno.EINTR) {
                return Optional.of("interrupted while draining an earlier abandoned dump from the socket; nothing was sent");
            }
            failure = "the rest of an earlier abandoned dump could not be drained (" + e.getMessage() + ")";
        } catch (MalformedMessageException e) {
            failure = "the rest of an earlier abandoned dump could not be drained (malformed reply: " + e.getMessage() + ")";
        }
        closed = true;
        try {
            socket.close();
        } catch (ErrnoException e) {
            Log.LOG.debug("{}: closing the undrainable socket failed: {}", label, e.getMessage());
        }
        Log.LOG.warn("{}: closed the netlink socket: {}", label, failure);
        return Optional.of(failure + "; the socket was closed and nothing was sent (a namespace handle opens a new one on next use)");
    }

    /** Files one reply message under its request; true when it completed that request. */
    private boolean accept(NetlinkMessage m, Map<Integer, Pending> bySeq) {
        if (m.header().portId() != socket.portId()) {
            Log.LOG.warn("{}: dropped a netlink message for port {} (ours is {}), type {}", label,
                    Integer.toUnsignedString(m.header().portId()), Integer.toUnsignedString(socket.portId()), m.type());
            return false;
        }
        Pending p = bySeq.get(m.header().seq());
        if (p == null || p.done) {
            Log.LOG.debug("{}: dropped a stale reply, seq {} type {}", label, m.header().seq(), m.type());
            return false;
        }
        if ((m.header().flags() & Netlink.NLM_F_DUMP_INTR) != 0) {
            p.interrupted = true;
        }
        switch (m.type()) {
            case Netlink.NLMSG_NOOP -> {
                return false;
            }
            case Netlink.NLMSG_OVERRUN -> {
                p.failure = NetlinkException.failed(p.request, Errno.ENOBUFS, "the kernel reported an overrun", null);
                p.done = true;
                return true;
            }
            case Netlink.NLMSG_ERROR, Netlink.NLMSG_DONE -> {
                p.done = true;
                try {
                    Ack ack = Ack.parse(m);
                    if (!ack.isSuccess()) {
                        p.failure = NetlinkException.refused(p.request, ack);
                    } else if (ack.message().isPresent()) {
                        Log.LOG.warn("{}: {} succeeded with a kernel warning: {}", label, p.request.describe(), ack.message().get());
                    }
                } catch (MalformedMessageException e) {
                    p.failure = NetlinkException.failed(p.request, "malformed ack: " + e.getMessage(), e);
                }
                return true;
            }
            default -> {
                p.messages.add(m);
                return false;
            }
        }
    }

    private int nextSeq() {
        lastSeq = lastSeq == Integer.MAX_VALUE ? 1 : lastSeq + 1;
        return lastSeq;
    }

    /** Closes the socket; waits for an exchange in progress. Idempotent. */
    @Override
    public void close() throws ErrnoException {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                socket.close();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether {@link #close()} was called (or an undrainable socket was closed). Read without the
     * lock: a namespace handle asks before every use of its views.
     */
    public boolean isClosed() {
        return closed;
    }

    private static final class Pending {
        final NetlinkRequest request;
        final int seq;
        final List<NetlinkMessage> messages = new ArrayList<>();
        boolean interrupted;
        boolean done;
        NetlinkException failure;

        Pending(NetlinkRequest request, int seq) {
            this.request = request;
            this.seq = seq;
        }
    }
}
