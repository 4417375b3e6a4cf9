package dev.netns.linux.netlink;

import dev.netns.linux.ffi.Errno;
import dev.netns.linux.ffi.ErrnoException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * A byte-level stand-in for the kernel end of a netlink socket, for error-path unit tests. It
 * models nothing: it records the headers of every datagram sent and queues the datagrams the
 * test's {@link Script} answers with, byte for byte. An empty queue reads as the receive timeout
 * ({@code EAGAIN}), as on the real socket.
 */
final class FakeTransport implements Transport {
    static final int PORT = 4242;

    /** The datagrams to answer the {@code sendNumber}-th send (from 1) with. */
    @FunctionalInterface
    interface Script {
        List<byte[]> answer(int sendNumber, List<NlMsgHeader> requests) throws ErrnoException;
    }

    private final Script script;
    private final List<List<NlMsgHeader>> sent = new ArrayList<>();
    private final Deque<byte[]> inbox = new ArrayDeque<>();
    private int closeCount;

    FakeTransport(Script script) {
        this.script = script;
    }

    /** The request headers of each datagram sent so far. */
    List<List<NlMsgHeader>> sent() {
        return sent;
    }

    /** How often {@link #close()} was called. */
    int closeCount() {
        return closeCount;
    }

    @Override
    public void send(byte[] datagram) throws ErrnoException {
        List<NlMsgHeader> headers = NetlinkMessage.split(ByteBuffer.wrap(datagram)).stream()
                .map(NetlinkMessage::header).toList();
        sent.add(headers);
        inbox.addAll(script.answer(sent.size(), headers));
    }

    @Override
    public ByteBuffer receive(long waitMillis) throws ErrnoException {
        byte[] next = inbox.poll();
        if (next == null) {
            LockSupport.parkNanos(waitMillis * 1_000_000L); // as poll would wait for a datagram that never comes
            throw new ErrnoException("recv", Errno.EAGAIN);
        }
        return ByteBuffer.wrap(next);
    }

    @Override
    public int portId() {
        return PORT;
    }

    @Override
    public void close() {
        closeCount++;
    }

    /** Builds one datagram of framed messages in native byte order, each padded to 4 bytes. */
    static final class Datagram {
        /** A data message type of the route family ({@code RTM_NEWLINK}); the connection does not look inside. */
        static final int RTM_NEWLINK = 16;

        private final ByteBuffer out = ByteBuffer.allocate(4096).order(ByteOrder.nativeOrder());

        /** Any message: header fields as given, {@code nlmsg_len} from the payload. */
        Datagram message(int type, int flags, int seq, int port, byte[] payload) {
            new NlMsgHeader(NlMsgHeader.SIZE + payload.length, type, flags, seq, port).write(out);
            out.put(payload);
            out.position(Netlink.align(out.position()));
            return this;
        }

        /** A data reply ({@code RTM_NEWLINK}) whose 4-byte payload is {@code marker}, to tell replies apart. */
        Datagram data(int flags, int seq, int port, int marker) {
            return message(RTM_NEWLINK, flags, seq, port, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder())
                    .putInt(marker).array());
        }

        /** An {@code NLMSG_ERROR} answering {@code request}: {@code errno} 0 is success; capped, no ext-ack. */
        Datagram ack(NlMsgHeader request, int errno, int port) {
            ByteBuffer payload = ByteBuffer.allocate(4 + NlMsgHeader.SIZE).order(ByteOrder.nativeOrder()).putInt(-errno);
            request.write(payload);
            return message(Netlink.NLMSG_ERROR, Netlink.NLM_F_CAPPED, request.seq(), port, payload.array());
        }

        /** The {@code NLMSG_DONE} closing a dump, with {@code extraFlags} (such as {@code NLM_F_DUMP_INTR}). */
        Datagram done(int extraFlags, int seq, int port) {
            return message(Netlink.NLMSG_DONE, Netlink.NLM_F_MULTI | extraFlags, seq, port, new byte[4]);
        }

        /** Raw bytes, for datagrams no well-formed builder makes. */
        Datagram raw(byte[] bytes) {
            out.put(bytes);
            return this;
        }

        byte[] bytes() {
            return Arrays.copyOf(out.array(), out.position());
        }
    }

    /** The marker of a data message made by {@link Datagram#data}. */
    static int marker(NetlinkMessage m) {
        return m.payloadBuffer().getInt(0);
    }
}
