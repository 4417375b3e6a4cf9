package dev.netns.linux.netlink;

import dev.netns.linux.ffi.Errno;
import dev.netns.linux.ffi.ErrnoException;
import dev.netns.linux.netlink.FakeTransport.Datagram;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static dev.netns.linux.netlink.FakeTransport.PORT;
import static dev.netns.linux.netlink.FakeTransport.marker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reply paths of {@link NetlinkConnection} that a healthy kernel seldom takes (foreign port
 * ids, stale sequence numbers, interrupted dumps, truncated datagrams, timeouts), driven through a
 * {@link FakeTransport} that answers with exact bytes. The kernel tests cover the ordinary paths.
 */
class NetlinkConnectionTest {
    private static final NetlinkRequest SET = new NetlinkRequest(19, 0, new byte[16], "RTM_SETLINK", "veth0"); // RTM_SETLINK
    private static final NetlinkRequest GET = new NetlinkRequest(18, 0, new byte[16], "RTM_GETLINK", "eth0"); // RTM_GETLINK
    private static final NetlinkRequest DUMP = new NetlinkRequest(18, Netlink.NLM_F_DUMP, new byte[16], "RTM_GETLINK", "");

    private static NetlinkConnection connection(FakeTransport transport) {
        // generous: the deadline counts for the whole exchange, and a shared CI machine may pause a test thread
        return new NetlinkConnection(transport, "test", Duration.ofSeconds(5));
    }

    private static List<byte[]> datagrams(Datagram... ds) {
        return List.of(ds).stream().map(Datagram::bytes).toList();
    }

    /** Runs {@code body} with System.err captured (slf4j-simple looks it up per message) and returns what it printed. */
    private static String stderrOf(ThrowingRunnable body) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void aReplyForAnotherPortIsDroppedAndLogged() throws Exception {
        // first a refusal addressed to another socket, then our own success: only ours may count
        FakeTransport fake = new FakeTransport((n, req) -> datagrams(
                new Datagram().data(0, req.getFirst().seq(), PORT + 1, 0xBAD).ack(req.getFirst(), Errno.EPERM, PORT + 1),
                new Datagram().data(0, req.getFirst().seq(), PORT, 7).ack(req.getFirst(), 0, PORT)));
        try (NetlinkConnection c = connection(fake)) {
            String log = stderrOf(() -> {
                List<NetlinkMessage> replies = c.query(GET);
                assertEquals(List.of(7), replies.stream().map(FakeTransport::marker).toList());
            });
            assertTrue(log.contains("dropped a netlink message for port 4243 (ours is 4242)"), log);
        }
    }

    @Test
    void repliesWithAStaleOrUnknownSequenceNumberAreDropped() throws Exception {
        FakeTransport fake = new FakeTransport((n, req) -> {
            NlMsgHeader r = req.getFirst();
            NlMsgHeader earlier = new NlMsgHeader(r.length(), r.type(), r.flags(), r.seq() - 1, 0);
            return datagrams(new Datagram()
                    .data(0, r.seq() - 1, PORT, 0xBAD).ack(earlier, Errno.EEXIST, PORT)   // late answer to an earlier request
                    .data(0, r.seq() + 1000, PORT, 0xBAD)                                  // never asked for
                    .data(0, r.seq(), PORT, 7).ack(r, 0, PORT));
        });
        try (NetlinkConnection c = connection(fake)) {
            assertEquals(List.of(7), c.query(GET).stream().map(FakeTransport::marker).toList());
        }
    }

    @Test
    void aSecondAckForAnAnsweredRequestIsDropped() throws Exception {
        // a repeated ack must neither fail the answered request nor count as the other request's answer
        FakeTransport fake = new FakeTransport((n, req) -> datagrams(
                new Datagram().ack(req.get(0), 0, PORT).ack(req.get(0), Errno.EEXIST, PORT),
                new Datagram().ack(req.get(1), 0, PORT)));
        try (NetlinkConnection c = connection(fake)) {
            List<NetlinkConnection.Reply> replies = c.exchange(List.of(SET, GET));
            assertTrue(replies.get(0).failure().isEmpty(), () -> replies.get(0).failure().orElseThrow().getMessage());
            assertTrue(replies.get(1).failure().isEmpty(), () -> replies.get(1).failure().orElseThrow().getMessage());
        }
    }

    @Test
    void aLateAckAfterATimeoutDoesNotAnswerTheNextRequest() throws Exception {
        FakeTransport fake = new FakeTransport((n, req) -> {
            if (n == 1) {
                return List.of(); // the kernel is slow: nothing within the timeout
            }
            NlMsgHeader first = new NlMsgHeader(req.getFirst().length(), req.getFirst().type(), 0, req.getFirst().seq() - 1, 0);
            return datagrams(new Datagram().ack(first, Errno.EEXIST, PORT), new Datagram().ack(req.getFirst(), 0, PORT));
        });
        try (NetlinkConnection c = new NetlinkConnection(fake, "test", Duration.ofMillis(100))) {
            NetlinkException timeout = assertThrows(NetlinkException.class, () -> c.execute(SET));
            assertEquals("RTM_SETLINK veth0: no complete reply from the kernel within 100 ms; the request may still be applied",
                    timeout.getMessage());
            assertEquals(0, timeout.errno());
            c.execute(SET); // the late EEXIST belongs to the first request and is dropped
            assertEquals(2, fake.sent().size());
        }
    }

    @Test
    void acksAreMatchedBySequenceNumberNotByOrder() throws Exception {
        NetlinkRequest a = new NetlinkRequest(16, 0, new byte[16], "RTM_NEWLINK", "a");
        NetlinkRequest b = new NetlinkRequest(16, 0, new byte[16], "RTM_NEWLINK", "b");
        NetlinkRequest d = new NetlinkRequest(16, 0, new byte[16], "RTM_NEWLINK", "d");
        FakeTransport fake = new FakeTransport((n, req) -> datagrams(new Datagram()
                .ack(req.get(2), 0, PORT).ack(req.get(1), Errno.EEXIST, PORT).ack(req.get(0), 0, PORT)));
        try (NetlinkConnection c = connection(fake)) {
            List<NetlinkConnection.Reply> replies = c.exchange(List.of(a, b, d));
            assertEquals(1, fake.sent().size(), "one datagram for the batch");
            assertEquals(3, fake.sent().getFirst().stream().map(NlMsgHeader::seq).distinct().count());
            assertTrue(replies.get(0).failure().isEmpty());
            assertEquals("RTM_NEWLINK b: File exists (EEXIST)", replies.get(1).failure().orElseThrow().getMessage());
            assertTrue(replies.get(2).failure().isEmpty());
        }
    }

    @Test
    void anInterruptedDumpIsRetriedAndOnlyTheCleanAttemptIsReturned() throws Exception {
        FakeTransport fake = new FakeTransport((n, req) -> {
            int seq = req.getFirst().seq();
            int intr = n == 1 ? Netlink.NLM_F_DUMP_INTR : 0;
            return datagrams(
                    new Datagram().data(Netlink.NLM_F_MULTI | intr, seq, PORT, 10 * n + 1)
                            .data(Netlink.NLM_F_MULTI | intr, seq, PORT, 10 * n + 2),
                    new Datagram().done(intr, seq, PORT));
        });
        try (NetlinkConnection c = connection(fake)) {
            List<NetlinkMessage> links = c.dump(DUMP);
            assertEquals(List.of(21, 22), links.stream().map(FakeTransport::marker).toList());
            assertEquals(2, fake.sent().size());
            assertNotEquals(fake.sent().get(0).getFirst().seq(), fake.sent().get(1).getFirst().seq(),
                    "a retry is a new request with its own sequence number");
            assertEquals(Netlink.NLM_F_DUMP, fake.sent().get(1).getFirst().flags() & Netlink.NLM_F_DUMP);
        }
    }

    @Test
    void aDumpInterruptedEveryTimeFailsWithEintrAfterBoundedAttempts() throws Exception {
        FakeTransport fake = new FakeTransport((n, req) -> datagrams(new Datagram()
                .data(Netlink.NLM_F_MULTI | Netlink.NLM_F_DUMP_INTR, req.getFirst().seq(), PORT, n)
                .done(Netlink.NLM_F_DUMP_INTR, req.getFirst().seq(), PORT)));
        try (NetlinkConnection c = connection(fake)) {
            NetlinkException e = assertThrows(NetlinkException.class, () -> c.dump(DUMP));
            assertEquals(Errno.EINTR, e.errno());
            assertEquals("RTM_GETLINK: dump interrupted by concurrent changes " + NetlinkConnection.DUMP_ATTEMPTS
                    + " times in a row (EINTR)", e.getMessage());
            assertEquals(NetlinkConnection.DUMP_ATTEMPTS, fake.sent().size());
        }
    }

    @Test
    void aTruncatedDatagramFailsNamingTheRequestAndTheLengths() throws Exception {
        // an nlmsghdr claiming 64 bytes in a 20-byte datagram
        FakeTransport fake = new FakeTransport((n, req) -> {
            ByteBuffer datagram = ByteBuffer.allocate(20).order(ByteOrder.nativeOrder());
            new NlMsgHeader(64, Netlink.NLMSG_ERROR, 0, req.getFirst().seq(), PORT).write(datagram);
            return List.of(datagram.array());
        });
        try (NetlinkConnection c = connection(fake)) {
            NetlinkException e = assertThrows(NetlinkException.class, () -> c.execute(SET));
            assertEquals("RTM_SETLINK veth0: malformed reply: netlink message #0 at offset 0: nlmsg_len 64 outside 16..20",
                    e.getMessage());
            assertTrue(e.getCause() instanceof MalformedMessageException);
        }
    }

    @Test
    void trailingBytesTooShortForAHeaderFailTheExchange() throws Exception {
        FakeTransport fake = new FakeTransport((n, req) -> datagrams(new Datagram()
                .ack(req.getFirst(), 0, PORT).raw(new byte[] {1, 2, 3, 4, 5, 6})));
        try (NetlinkConnection c = connection(fake)) {
            NetlinkException e = assertThrows(NetlinkException.class, () -> c.execute(SET));
            assertEquals("RTM_SETLINK veth0: malformed reply: netlink datagram: 6 trailing bytes, too few for an nlmsghdr",
                    e.getMessage());
        }
    }

    @Test
    void anAckTooShortForItsErrorFailsNamingTheRequest() throws Exception {
        FakeTransport fake = new FakeTransport((n, req) -> datagrams(new Datagram()
                .message(Netlink.NLMSG_ERROR, 0, req.getFirst().seq(), PORT, new byte[2])));
        try (NetlinkConnection c = connection(fake)) {
            NetlinkException e = assertThrows(NetlinkException.class, () -> c.execute(SET));
            assertEquals("RTM_SETLINK veth0: malformed ack: NLMSG_ERROR: payload of 2 bytes, need 4 for the error",
                    e.getMessage());
        }
    }

    @Test
    void aFailedSendFailsEveryRequestOfTheDatagram() throws Exception {
        FakeTransport fake = new FakeTransport((n, req) -> {
            throw new ErrnoException("send", Errno.ENOBUFS);
        });
        try (NetlinkConnection c = connection(fake)) {
            List<NetlinkConnection.Reply> replies = c.exchange(List.of(SET, GET));
            for (NetlinkConnection.Reply r : replies) {
                assertEquals(Errno.ENOBUFS, r.failure().orElseThrow().errno());
            }
            assertTrue(replies.get(1).failure().orElseThrow().getMessage().startsWith("RTM_GETLINK eth0: send failed"));
        }
    }

    @Test
    void closeIsIdempotentAndLaterExchangesFailClearly() throws Exception {
        FakeTransport fake = new FakeTransport((n, req) -> List.of());
        NetlinkConnection c = connection(fake);
        assertEquals(PORT, c.portId());
        c.close();
        c.close();
        assertEquals(1, fake.closeCount(), "the transport is closed once");
        assertTrue(c.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.execute(SET));
        assertEquals("netlink socket of test is closed", e.getMessage());
        assertTrue(fake.sent().isEmpty(), "nothing sent after close");
    }
}
