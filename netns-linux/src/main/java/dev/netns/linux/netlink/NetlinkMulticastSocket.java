package dev.netns.linux.netlink;

import dev.netns.linux.ffi.Errno;
import dev.netns.linux.ffi.ErrnoException;
import dev.netns.linux.ffi.LibC;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

/**
 * A netlink socket that listens: it has joined multicast groups ({@code NETLINK_ADD_MEMBERSHIP}),
 * so the kernel queues a notification on it for every change of those groups, and it can run dumps
 * whose replies arrive interleaved with the notifications, in the kernel's order. That order is
 * what lets a listener tell whether a notification is older or newer than a dumped object.
 *
 * <p>Loss is never silent: {@code NETLINK_NO_ENOBUFS} stays off, so when the receive queue
 * overflows the next {@link #receive()} throws {@link ErrnoException} with {@code ENOBUFS}
 * ({@link #isOverrun}), after which notifications have been lost and the listener must read the
 * state again. A receive returns empty after the poll interval, so the owning thread can notice
 * that it should stop. Not thread-safe: one reader thread owns it.
 */
public final class NetlinkMulticastSocket implements AutoCloseable {
    /** Room for bursts of notifications before the kernel drops them (needs CAP_NET_ADMIN; else rmem_max caps it). */
    public static final int RECEIVE_QUEUE_BYTES = 4 * 1024 * 1024;

    private final NetlinkSocket socket;
    private int lastSeq;

    private NetlinkMulticastSocket(NetlinkSocket socket) {
        this.socket = socket;
        this.lastSeq = (int) (System.nanoTime() & 0x3fffffff);
    }

    /**
     * Opens a socket of {@code protocol} in the calling thread's network namespace and joins
     * {@code groups} (group numbers such as {@code RTNLGRP_LINK}, not bit masks).
     *
     * @param pollInterval how long one {@link #receive()} waits before returning empty
     */
    public static NetlinkMulticastSocket open(int protocol, int[] groups, Duration pollInterval) throws ErrnoException {
        return open(protocol, groups, pollInterval, RECEIVE_QUEUE_BYTES);
    }

    /** As {@link #open(int, int[], Duration)}, with the receive queue's size in bytes ({@code SO_RCVBUF}; the kernel doubles it). */
    public static NetlinkMulticastSocket open(int protocol, int[] groups, Duration pollInterval, int queueBytes)
            throws ErrnoException {
        NetlinkSocket s = NetlinkSocket.open(protocol, pollInterval);
        try {
            int fd = s.fd();
            try {
                LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUFFORCE, queueBytes);
            } catch (ErrnoException e) {
                LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUF, queueBytes);
            }
            // the default, set anyway: a listener that is not told about loss cannot recover from it
            LibC.setsockopt(fd, Netlink.SOL_NETLINK, Netlink.NETLINK_NO_ENOBUFS, 0);
            for (int group : groups) {
                LibC.setsockopt(fd, Netlink.SOL_NETLINK, Netlink.NETLINK_ADD_MEMBERSHIP, group);
            }
            return new NetlinkMulticastSocket(s);
        } catch (ErrnoException | RuntimeException e) {
            try {
                s.close();
            } catch (ErrnoException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Whether {@code e} reports lost notifications (the receive queue overflowed). */
    public static boolean isOverrun(ErrnoException e) {
        return e.errno() == Errno.ENOBUFS;
    }

    /** The kernel-assigned port id; replies to this socket's dumps carry it. */
    public int portId() {
        return socket.portId();
    }

    /**
     * The messages of the next datagram, or an empty list when nothing came within the poll interval.
     *
     * @throws ErrnoException {@code ENOBUFS} when notifications were lost; other errnos when the socket failed
     * @throws MalformedMessageException when the datagram cannot be split into messages
     */
    public List<NetlinkMessage> receive() throws ErrnoException {
        ByteBuffer datagram;
        try {
            datagram = socket.receive();
        } catch (ErrnoException e) {
            if (e.errno() == Errno.EAGAIN) {
                return List.of();
            }
            throw e;
        }
        return NetlinkMessage.split(datagram);
    }

    /** Sends a dump request and returns the sequence number its replies will carry. */
    public int sendDump(NetlinkRequest request) throws ErrnoException {
        if (!request.isDump()) {
            throw new IllegalArgumentException(request.describe() + " is not a dump (needs NLM_F_DUMP)");
        }
        lastSeq = lastSeq == Integer.MAX_VALUE ? 1 : lastSeq + 1;
        ByteBuffer out = ByteBuffer.allocate(request.framedLength()).order(java.nio.ByteOrder.nativeOrder());
        request.header(lastSeq).write(out);
        out.put(request.body());
        socket.send(out.array());
        return lastSeq;
    }

    /** Closes the descriptor. Idempotent. */
    @Override
    public void close() throws ErrnoException {
        socket.close();
    }
}
