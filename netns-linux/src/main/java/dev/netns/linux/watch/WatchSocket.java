package dev.netns.linux.watch;

import dev.netns.linux.ffi.ErrnoException;
import dev.netns.linux.netlink.NetlinkMessage;
import dev.netns.linux.netlink.NetlinkMulticastSocket;
import dev.netns.linux.netlink.NetlinkRequest;

import java.util.List;

/**
 * What a watch needs from its socket: send a dump, receive the next datagram's messages (empty
 * after the poll interval, {@code ENOBUFS} when notifications were lost). The real one is a
 * {@link NetlinkMulticastSocket}; tests script the kernel's side byte by byte (interrupted dumps,
 * notifications racing dump entries).
 */
interface WatchSocket extends AutoCloseable {

    /** The port id dump replies carry. */
    int portId();

    /** Sends a dump; returns its sequence number. */
    int sendDump(NetlinkRequest request) throws ErrnoException;

    /** The messages of the next datagram; empty when none came within the poll interval. */
    List<NetlinkMessage> receive() throws ErrnoException;

    @Override
    void close() throws ErrnoException;

    static WatchSocket of(NetlinkMulticastSocket socket) {
        return new WatchSocket() {
            @Override
            public int portId() {
                return socket.portId();
            }

            @Override
            public int sendDump(NetlinkRequest request) throws ErrnoException {
                return socket.sendDump(request);
            }

            @Override
            public List<NetlinkMessage> receive() throws ErrnoException {
                return socket.receive();
            }

            @Override
            public void close() throws ErrnoException {
                socket.close();
            }
        };
    }
}
