package dev.netns.linux.netlink;

import dev.netns.linux.ffi.Errno;
import dev.netns.linux.ffi.ErrnoException;
import dev.netns.linux.netlink.FakeTransport.Datagram;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import static dev.netns.linux.netlink.FakeTransport.PORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A batch during which the kernel drops some replies ({@code ENOBUFS} on receive): the requests
 * whose acks still arrive report their real outcome; only the one whose ack was lost fails, and
 * says it may have been applied. (Before, every outstanding request was reported failed, also the
 * ones the kernel had applied and acknowledged.)
 */
class OverrunTest {

    @Test
    void onlyTheRequestWhoseAckWasDroppedFailsAndItSaysItMayHaveBeenApplied() {
        NetlinkRequest a = new NetlinkRequest(16, 0, new byte[16], "RTM_NEWLINK", "a");
        NetlinkRequest b = new NetlinkRequest(16, 0, new byte[16], "RTM_NEWLINK", "b");
        NetlinkRequest c = new NetlinkRequest(16, 0, new byte[16], "RTM_NEWLINK", "c");
        Deque<Object> inbox = new ArrayDeque<>(); // byte[] datagrams, or the ErrnoException a receive throws
        Transport kernel = new Transport() {
            @Override
            public void send(byte[] datagram) {
                List<NlMsgHeader> h = NetlinkMessage.split(ByteBuffer.wrap(datagram)).stream()
                        .map(NetlinkMessage::header).toList();
                inbox.add(new Datagram().ack(h.get(0), 0, PORT).bytes());
                inbox.add(new ErrnoException("recv", Errno.ENOBUFS)); // b's ack did not fit and was dropped
                inbox.add(new Datagram().ack(h.get(2), Errno.EEXIST, PORT).bytes());
            }

            @Override
            public ByteBuffer receive(long waitMillis) throws ErrnoException {
                Object next = inbox.poll();
                if (next == null) {
                    throw new ErrnoException("recv", Errno.EAGAIN);
                }
                if (next instanceof ErrnoException e) {
                    throw e;
                }
                return ByteBuffer.wrap((byte[]) next);
            }

            @Override
            public int portId() {
                return PORT;
            }

            @Override
            public void close() {
            }
        };
        NetlinkConnection conn = new NetlinkConnection(kernel, "test", Duration.ofSeconds(5));
        List<NetlinkConnection.Reply> replies = conn.exchange(List.of(a, b, c));
        assertTrue(replies.get(0).failure().isEmpty(), "a was acknowledged");
        NetlinkException lost = replies.get(1).failure().orElseThrow();
        assertEquals(Errno.ENOBUFS, lost.errno());
        assertTrue(lost.getMessage().contains("may or may not have been applied"), lost.getMessage());
        assertEquals(Errno.EEXIST, replies.get(2).failure().orElseThrow().errno(), "c's own refusal, not the overrun");
    }
}
