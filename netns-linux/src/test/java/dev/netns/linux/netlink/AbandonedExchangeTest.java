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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static dev.netns.linux.netlink.FakeTransport.PORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exchanges that end early — a malformed reply mid-dump, a deadline, an interrupted caller — must
 * not hang the caller nor poison the socket for the next one. The kernel end is a byte-level fake
 * that keeps dump state as {@code netlink_dump} does: while a dump's {@code NLMSG_DONE} is unread, a
 * new dump is refused with {@code EBUSY}.
 */
class AbandonedExchangeTest {
    private static final NetlinkRequest SET = new NetlinkRequest(19, 0, new byte[16], "RTM_SETLINK", "veth0");
    private static final NetlinkRequest DUMP = new NetlinkRequest(18, Netlink.NLM_F_DUMP, new byte[16], "RTM_GETLINK", "");

    /** The kernel's dump bookkeeping, byte for byte: two data datagrams and a DONE per dump. */
    private static final class DumpingKernel implements Transport {
        private record Queued(byte[] bytes, boolean endsDump) {
        }

        private final Deque<Queued> inbox = new ArrayDeque<>();
        private final boolean malformFirstChunk;
        private final boolean finishDumps;
        private boolean dumpRunning;
        private int dumps;
        private int closeCount;

        DumpingKernel(boolean malformFirstChunk, boolean finishDumps) {
            this.malformFirstChunk = malformFirstChunk;
            this.finishDumps = finishDumps;
        }

        @Override
        public void send(byte[] datagram) {
            for (NetlinkMessage m : NetlinkMessage.split(ByteBuffer.wrap(datagram))) {
                NlMsgHeader h = m.header();
                if (dumpRunning) {
                    inbox.add(new Queued(new Datagram().ack(h, Errno.EBUSY, PORT).bytes(), false));
                    continue;
                }
                dumpRunning = true;
                dumps++;
                int multi = Netlink.NLM_F_MULTI;
                Datagram first = new Datagram().data(multi, h.seq(), PORT, 10 * dumps + 1);
                if (malformFirstChunk && dumps == 1) {
                    first.raw(new byte[] {1, 2, 3, 4, 5, 6}); // trailing bytes no header fits
                }
                inbox.add(new Queued(first.bytes(), false));
                inbox.add(new Queued(new Datagram().data(multi, h.seq(), PORT, 10 * dumps + 2).bytes(), false));
                if (finishDumps) {
                    inbox.add(new Queued(new Datagram().done(0, h.seq(), PORT).bytes(), true));
                }
            }
        }

        @Override
        public ByteBuffer receive(long waitMillis) throws ErrnoException {
            Queued next = inbox.poll();
            if (next == null) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(waitMillis));
                throw new ErrnoException("recv", Errno.EAGAIN);
            }
            if (next.endsDump()) {
                dumpRunning = false;
            }
            return ByteBuffer.wrap(next.bytes());
        }

        @Override
        public int portId() {
            return PORT;
        }

        @Override
        public void close() {
            closeCount++;
        }
    }

    @Test
    void aDumpAbandonedOnAMalformedReplyIsDrainedSoTheNextDumpIsNotRefusedWithEbusy() throws Exception {
        DumpingKernel kernel = new DumpingKernel(true, true);
        try (NetlinkConnection c = new NetlinkConnection(kernel, "test", Duration.ofSeconds(5))) {
            NetlinkException malformed = assertThrows(NetlinkException.class, () -> c.dump(DUMP));
            assertTrue(malformed.getMessage().contains("malformed reply"), malformed.getMessage());
            for (int i = 2; i <= 13; i++) { // the measured defect: 12 EBUSY refusals in a row
                List<NetlinkMessage> links = c.dump(DUMP);
                assertEquals(List.of(10 * i + 1, 10 * i + 2), links.stream().map(FakeTransport::marker).toList());
            }
            assertFalse(c.isClosed());
        }
    }

    @Test
    void aDumpThatCannotBeDrainedClosesTheSocketAndSaysSo() throws Exception {
        DumpingKernel kernel = new DumpingKernel(true, false); // the kernel never finishes the dump
        NetlinkConnection c = new NetlinkConnection(kernel, "test", Duration.ofMillis(100));
        assertThrows(NetlinkException.class, () -> c.dump(DUMP));
        NetlinkException e = assertThrows(NetlinkException.class, () -> c.dump(DUMP));
        assertEquals(Errno.EIO, e.errno());
        assertTrue(e.getMessage().contains("could not be drained") && e.getMessage().contains("socket was closed"),
                e.getMessage());
        assertTrue(c.isClosed(), "an undrainable socket is closed, so its owner opens a new one");
        assertEquals(1, kernel.closeCount);
        assertEquals(1, kernel.dumps, "nothing was sent on the poisoned socket");
    }

    @Test
    void aDumpThatKeepsTricklingFailsAtTheExchangeDeadline() {
        // one datagram every 30 ms, never a DONE: a per-datagram timeout would wait forever
        Transport trickle = new Transport() {
            private int seq;

            @Override
            public void send(byte[] datagram) {
                seq = NetlinkMessage.split(ByteBuffer.wrap(datagram)).getFirst().header().seq();
            }

            @Override
            public ByteBuffer receive(long waitMillis) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.min(waitMillis, 30)));
                return ByteBuffer.wrap(new Datagram().data(Netlink.NLM_F_MULTI, seq, PORT, 1).bytes());
            }

            @Override
            public int portId() {
                return PORT;
            }

            @Override
            public void close() {
            }
        };
        NetlinkConnection c = new NetlinkConnection(trickle, "test", Duration.ofMillis(300));
        NetlinkException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(NetlinkException.class, () -> c.dump(DUMP)));
        assertTrue(e.getMessage().contains("no complete reply from the kernel within 300 ms"), e.getMessage());
    }

    @Test
    void anInterruptedCallerGetsEintrAtOnceAndKeepsItsInterruptStatus() throws Exception {
        FakeTransport silent = new FakeTransport((n, req) -> List.of());
        NetlinkConnection c = new NetlinkConnection(silent, "test", Duration.ofMinutes(10));
        AtomicReference<Object> outcome = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        for (Thread.Builder builder : List.of(Thread.ofPlatform(), Thread.ofVirtual())) {
            outcome.set(null);
            Thread caller = builder.start(() -> {
                try {
                    c.execute(SET);
                    outcome.set("returned");
                } catch (NetlinkException e) {
                    outcome.set(e);
                }
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            });
            Thread.sleep(200);
            caller.interrupt();
            assertTrue(caller.join(Duration.ofSeconds(5)), "the interrupted caller returned within 5 s of a 10 min timeout");
            NetlinkException e = assertInstanceOf(NetlinkException.class, outcome.get());
            assertEquals(Errno.EINTR, e.errno());
            assertTrue(e.getMessage().contains("interrupted") && e.getMessage().contains("may have been applied"),
                    e.getMessage());
            assertTrue(stillInterrupted.get(), "the interrupt status is kept");
        }
        // an already interrupted caller sends nothing
        int sent = silent.sent().size();
        Thread.currentThread().interrupt();
        try {
            NetlinkException e = assertThrows(NetlinkException.class, () -> c.execute(SET));
            assertTrue(e.getMessage().contains("nothing was sent"), e.getMessage());
            assertEquals(sent, silent.sent().size());
        } finally {
            Thread.interrupted();
        }
    }
}
