package dev.netns.linux.netlink;

import dev.netns.linux.ffi.ErrnoException;

import java.nio.ByteBuffer;

/**
 * What {@link NetlinkConnection} needs from a socket: move one datagram each way and tell the port
 * id replies are addressed to. {@link NetlinkSocket} is the real one; tests put a byte-level fake
 * here to feed the connection replies the kernel rarely sends (foreign ports, stale sequence
 * numbers, interrupted dumps, truncated datagrams).
 */
interface Transport extends AutoCloseable {

    /** Sends one datagram (one or more framed messages). */
    void send(byte[] datagram) throws ErrnoException;

    /**
     * Receives one datagram, waiting at most {@code waitMillis} (0: only what is queued);
     * {@code EAGAIN} when nothing came in that time.
     */
    ByteBuffer receive(long waitMillis) throws ErrnoException;

    /** The port id replies carry in {@code nlmsg_pid}. */
    int portId();

    @Override
    void close() throws ErrnoException;
}
