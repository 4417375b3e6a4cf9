package dev.netns.linux.netlink;

import dev.netns.linux.ffi.Errno;
import dev.netns.linux.ffi.ErrnoException;
import dev.netns.linux.ffi.LibC;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.time.Duration;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * An {@code AF_NETLINK} datagram socket: open, bind, send, receive, close, nothing more. It
 * belongs to the network namespace of the thread that opened it, for life. Not thread-safe:
 * {@link NetlinkConnection} serializes access; this class only moves bytes.
 *
 * <p>Options set at open: {@code NETLINK_EXT_ACK} (the kernel's messages in acks),
 * {@code NETLINK_CAP_ACK} (acks do not echo the request), {@code NETLINK_GET_STRICT_CHK} (dump
 * requests are validated, not half-understood), a 1 MiB receive buffer, so a batch's acks fit,
 * and, on a socket read by blocking receives, {@code SO_RCVTIMEO} (a receive never blocks longer
 * than the timeout). A socket for request/reply exchanges ({@link #openForExchanges}) only ever
 * receives without blocking, and goes without it.
 */
final class NetlinkSocket implements Transport {
    /** {@code struct sockaddr_nl}: family, padding, port id, multicast groups. */
    static final StructLayout SOCKADDR_NL = MemoryLayout.structLayout(
            JAVA_SHORT.withName("nl_family"),
            JAVA_SHORT.withName("nl_pad"),
            JAVA_INT.withName("nl_pid"),
            JAVA_INT.withName("nl_groups"));
    /** {@code struct timeval} on 64-bit Linux. */
    static final StructLayout TIMEVAL = MemoryLayout.structLayout(
            JAVA_LONG.withName("tv_sec"),
            JAVA_LONG.withName("tv_usec"));
    private static final VarHandle NL_FAMILY = SOCKADDR_NL.varHandle(MemoryLayout.PathElement.groupElement("nl_family"));
    private static final VarHandle NL_PID = SOCKADDR_NL.varHandle(MemoryLayout.PathElement.groupElement("nl_pid"));
    private static final VarHandle TV_SEC = TIMEVAL.varHandle(MemoryLayout.PathElement.groupElement("tv_sec"));
    private static final VarHandle TV_USEC = TIMEVAL.varHandle(MemoryLayout.PathElement.groupElement("tv_usec"));

    /** Larger than any dump chunk the kernel sends to a reader with this buffer size. */
    static final int RECEIVE_BUFFER = 256 * 1024;
    private static final int SOCKET_RCVBUF = 1024 * 1024;

    private final int fd;
    private final int portId;
    /** The socket's own memory, or null when its buffers are a kept pair of {@link SocketBuffers}. */
    private final Arena arena;
    private final MemorySegment buffers;
    private final MemorySegment receiveBuffer;
    /** Where a datagram is copied for sending; a larger one gets memory of its own for that send. */
    private final MemorySegment sendBuffer;
    private boolean closed;
    /** Whether {@code SO_RCVTIMEO} bounds a blocking {@link #receive()}; without it only {@link #receive(long)} is allowed. */
    private final boolean blocking;

    /** Fits a batch datagram ({@code NetlinkConnection} keeps them within 32 KiB) plus one request. */
    static final int SEND_BUFFER = 64 * 1024;

    private NetlinkSocket(int fd, int portId, boolean blocking) {
        this.fd = fd;
        this.portId = portId;
        this.blocking = blocking;
        MemorySegment kept = SocketBuffers.take();
        this.arena = kept == null ? Arena.ofShared() : null;
        this.buffers = kept != null ? kept : arena.allocate(SocketBuffers.SIZE, 8);
        this.receiveBuffer = buffers.asSlice(0, RECEIVE_BUFFER);
        this.sendBuffer = buffers.asSlice(RECEIVE_BUFFER, SEND_BUFFER);
    }

    /**
     * Opens and binds a socket of {@code protocol} ({@link Netlink#NETLINK_ROUTE}) in the calling
     * thread's network namespace, with a kernel-assigned port id, for blocking receives
     * ({@link #receive()}) that wait at most {@code receiveTimeout} ({@code SO_RCVTIMEO}).
     *
     * @param receiveTimeout how long one receive may wait for the kernel
     */
    public static NetlinkSocket open(int protocol, Duration receiveTimeout) throws ErrnoException {
        return open(protocol, receiveTimeout, true);
    }

    /**
     * As {@link #open(int, Duration)}, for request/reply use only: every receive is
     * {@link #receive(long)}, which never blocks in the kernel (it polls with its own limit), so the
     * socket needs no {@code SO_RCVTIMEO} (one system call fewer per socket); {@link #receive()} is
     * refused on it.
     */
    static NetlinkSocket openForExchanges(int protocol) throws ErrnoException {
        return open(protocol, null, false);
    }

    private static NetlinkSocket open(int protocol, Duration receiveTimeout, boolean blocking) throws ErrnoException {
        int fd = LibC.socket(LibC.AF_NETLINK, LibC.SOCK_RAW, protocol);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment on = a.allocateFrom(JAVA_INT, 1); // one value for the three options, one arena for all
            LibC.setsockopt(fd, Netlink.SOL_NETLINK, Netlink.NETLINK_EXT_ACK, on);
            LibC.setsockopt(fd, Netlink.SOL_NETLINK, Netlink.NETLINK_CAP_ACK, on);
            LibC.setsockopt(fd, Netlink.SOL_NETLINK, Netlink.NETLINK_GET_STRICT_CHK, on);
            MemorySegment size = a.allocateFrom(JAVA_INT, SOCKET_RCVBUF);
            try {
                LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUFFORCE, size);
            } catch (ErrnoException e) {
                // without CAP_NET_ADMIN the force variant is refused; the plain one is capped by rmem_max
                LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUF, size);
            }
            if (blocking) {
                MemorySegment tv = a.allocate(TIMEVAL);
                long micros = Math.max(1000, receiveTimeout.toNanos() / 1000);
                TV_SEC.set(tv, 0L, micros / 1_000_000);
                TV_USEC.set(tv, 0L, micros % 1_000_000);
                LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, tv);
            }

            MemorySegment addr = a.allocate(SOCKADDR_NL);
            NL_FAMILY.set(addr, 0L, (short) LibC.AF_NETLINK);
            LibC.bind(fd, addr);
            MemorySegment bound = a.allocate(SOCKADDR_NL);
            LibC.getsockname(fd, bound);
            return new NetlinkSocket(fd, (int) NL_PID.get(bound, 0L), blocking);
        } catch (ErrnoException | RuntimeException e) {
            closeQuietly(fd, e);
            throw e;
        }
    }

    private static void closeQuietly(int fd, Exception primary) {
        try {
            LibC.close(fd);
        } catch (ErrnoException e) {
            primary.addSuppressed(e);
        }
    }

    /** The port id the kernel assigned at bind; replies carry it in {@code nlmsg_pid}. */
    @Override
    public int portId() {
        return portId;
    }

    /** The file descriptor. */
    public int fd() {
        return fd;
    }

    /**
     * Sends one datagram (one or more framed messages), from the socket's own send buffer (its
     * owners free it only in {@link #close()}, never during a send), or from memory of its own for a
     * datagram larger than that.
     */
    @Override
    public void send(byte[] datagram) throws ErrnoException {
        ensureOpen();
        if (datagram.length <= SEND_BUFFER) {
            sendFrom(sendBuffer, datagram);
            return;
        }
        try (Arena a = Arena.ofConfined()) {
            sendFrom(a.allocate(datagram.length, 8), datagram);
        }
    }

    private void sendFrom(MemorySegment seg, byte[] datagram) throws ErrnoException {
        MemorySegment.copy(datagram, 0, seg, JAVA_BYTE, 0, datagram.length);
        long sent;
        do {
            sent = sendOnce(seg, datagram.length);
        } while (sent < 0);
        if (sent != datagram.length) {
            throw new ErrnoException("send", Errno.ENOBUFS);
        }
    }

    private long sendOnce(MemorySegment seg, int length) throws ErrnoException {
        try {
            return LibC.send(fd, seg, length, 0);
        } catch (ErrnoException e) {
            if (e.errno() == Errno.EINTR) {
                return -1;
            }
            throw e;
        }
    }

    /**
     * Receives one datagram. Throws {@link ErrnoException} with {@code EAGAIN} when the receive
     * timeout passed, and with {@code ENOBUFS} when the kernel dropped messages or a datagram did
     * not fit the buffer.
     */
    public ByteBuffer receive() throws ErrnoException {
        if (!blocking) {
            throw new IllegalStateException("a blocking receive on a socket opened for exchanges (no SO_RCVTIMEO): use receive(long)");
        }
        return receive(LibC.MSG_TRUNC);
    }

    /**
     * Receives one datagram, waiting at most {@code waitMillis} for it (a non-blocking receive; only
     * when nothing is queued yet {@code poll}, then another); {@code EAGAIN} when none came. Errors
     * as {@link #receive()}.
     */
    @Override
    public ByteBuffer receive(long waitMillis) throws ErrnoException {
        ensureOpen();
        try {
            // the kernel answers most rtnetlink requests within the send: their reply is queued already
            return receive(LibC.MSG_TRUNC | LibC.MSG_DONTWAIT);
        } catch (ErrnoException e) {
            if (e.errno() != Errno.EAGAIN || waitMillis <= 0) {
                throw e;
            }
        }
        if (!LibC.poll(fd, LibC.POLLIN, (int) Math.min(Integer.MAX_VALUE, waitMillis))) {
            throw new ErrnoException("poll", Errno.EAGAIN);
        }
        return receive(LibC.MSG_TRUNC | LibC.MSG_DONTWAIT);
    }

    private ByteBuffer receive(int flags) throws ErrnoException {
        ensureOpen();
        while (true) {
            long n;
            try {
                n = LibC.recv(fd, receiveBuffer, RECEIVE_BUFFER, flags);
            } catch (ErrnoException e) {
                if (e.errno() == Errno.EINTR) {
                    continue;
                }
                throw e;
            }
            if (n > RECEIVE_BUFFER) {
                throw new ErrnoException("recv", Errno.ENOBUFS);
            }
            byte[] out = new byte[(int) n];
            MemorySegment.copy(receiveBuffer, JAVA_BYTE, 0, out, 0, (int) n);
            return ByteBuffer.wrap(out);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("netlink socket is closed");
        }
    }

    /** Closes the descriptor, then frees the buffers or hands them on. Idempotent. */
    @Override
    public void close() throws ErrnoException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            LibC.close(fd);
        } finally {
            if (arena != null) {
                arena.close();
            } else {
                SocketBuffers.give(buffers);
            }
        }
    }
}
