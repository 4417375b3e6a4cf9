package dev.netns.linux.netlink;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Framing, attributes, extended acks and C struct sizes, against bytes from {@code <linux/netlink.h>}. */
class FramingTest {
    private static final HexFormat HEX = HexFormat.of();

    private static ByteBuffer hex(String... groups) {
        return ByteBuffer.wrap(HEX.parseHex(String.join("", groups).replace(" ", "")));
    }

    @Test
    void structSizes() {
        assertEquals(16, NlMsgHeader.SIZE);
        assertEquals(4, AttributeWriter.HEADER_SIZE);
        assertEquals(12, NetlinkSocket.SOCKADDR_NL.byteSize(), "sockaddr_nl");
        assertEquals(16, NetlinkSocket.TIMEVAL.byteSize(), "timeval on 64-bit");
        ByteBuffer b = ByteBuffer.allocate(32);
        new NlMsgHeader(16, 1, 2, 3, 4).write(b);
        assertEquals(16, b.position());
    }

    @Test
    void extendedAckWithMessageAndOffset() {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN);
        ByteBuffer datagram = hex(
                // nlmsghdr: len 68, NLMSG_ERROR (2), NLM_F_CAPPED|NLM_F_ACK_TLVS (0x300), seq 5, pid 1234
                "44000000 0200 0003 05000000 d2040000",
                // error: -EEXIST (-17)
                "efffffff",
                // the request's nlmsghdr (payload not echoed: capped)
                "38000000 1000 0506 05000000 00000000",
                // NLMSGERR_ATTR_MSG (1) len 24 "Unknown device type\0"
                "1800 0100 556e6b6e6f776e20646576696365207479706500",
                // NLMSGERR_ATTR_OFFS (2) len 8: 36
                "0800 0200 24000000");
        List<NetlinkMessage> messages = NetlinkMessage.split(datagram);
        assertEquals(1, messages.size());
        Ack ack = Ack.parse(messages.getFirst());
        assertEquals(17, ack.errno());
        assertEquals("Unknown device type", ack.message().orElseThrow());
        assertEquals(36, ack.offset().getAsInt());
        assertEquals(16, ack.request().orElseThrow().type());
        assertEquals(5, ack.request().orElseThrow().seq());
    }

    @Test
    void uncappedAckSkipsTheEchoedRequest() {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN);
        ByteBuffer datagram = hex(
                // nlmsghdr: len 48, NLMSG_ERROR, NLM_F_ACK_TLVS only, seq 1, pid 7
                "30000000 0200 0002 01000000 07000000",
                // error 0 (success), request header of len 20 (4 payload bytes echoed next)
                "00000000", "14000000 1300 0500 01000000 00000000", "aabbccdd",
                // NLMSGERR_ATTR_MSG "w\0" + 2 pad (a warning on success)
                "0600 0100 77000000");
        Ack ack = Ack.parse(NetlinkMessage.split(datagram).getFirst());
        assertTrue(ack.isSuccess());
        assertEquals("w", ack.message().orElseThrow());
    }

    @Test
    void doneWithoutPayloadAndDoneWithError() {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN);
        // NLMSG_DONE (3), NLM_F_MULTI, error 0
        Ack ok = Ack.parse(NetlinkMessage.split(hex("14000000 0300 0200 01000000 01000000", "00000000")).getFirst());
        assertTrue(ok.isSuccess());
        // NLMSG_DONE, len 28, NLM_F_MULTI|NLM_F_ACK_TLVS, with -EINVAL (22) and an ack TLV
        Ack bad = Ack.parse(NetlinkMessage.split(hex("1c000000 0300 0202 01000000 01000000", "eaffffff",
                "0800 0100 78797a00")).getFirst());
        assertEquals(22, bad.errno());
        assertEquals("xyz", bad.message().orElseThrow());
    }

    @Test
    void aWriterGrowingInTheMiddleOfAValueKeepsEveryByte() {
        // 128 bytes are reserved at first: values written across that boundary, of every width, read back whole
        AttributeWriter w = new AttributeWriter();
        int nest = w.beginNested(18);
        for (int i = 0; i < 40; i++) {
            switch (i % 4) {
                case 0 -> w.u8(1, i);
                case 1 -> w.u16(2, 0x1200 + i);
                case 2 -> w.u32(3, 0x12345600 + i);
                default -> w.string(4, "s" + i);
            }
        }
        w.endNested(nest);
        byte[] bytes = w.toByteArray();
        assertEquals(bytes.length, w.position());
        List<Attribute> top = Attribute.parseAll(ByteBuffer.wrap(bytes), "grown");
        assertEquals(1, top.size());
        assertEquals(bytes.length, top.getFirst().length() + 4, "the nest's patched length covers everything");
        List<Attribute> inner = top.getFirst().nested("grown");
        assertEquals(40, inner.size());
        for (int i = 0; i < 40; i++) {
            Attribute a = inner.get(i);
            switch (i % 4) {
                case 0 -> assertEquals(i, a.u8("u8"));
                case 1 -> assertEquals(0x1200 + i, a.u16("u16"));
                case 2 -> assertEquals(0x12345600 + i, a.u32("u32"));
                default -> assertEquals("s" + i, a.string("s"));
            }
        }
        // the header read by index arithmetic is the one ByteBuffer reads
        NlMsgHeader h = new NlMsgHeader(40, 16, 0x605, 7, 1234);
        byte[] framed = new byte[20];
        h.write(framed, 2);
        assertEquals(h, NlMsgHeader.read(ByteBuffer.wrap(framed, 2, 16).slice().order(ByteOrder.nativeOrder()), "h"));
        assertEquals(h, NlMsgHeader.read(framed, 2));
    }

    @Test
    void nestedAttributesAndAlignment() {
        AttributeWriter w = new AttributeWriter();
        int outer = w.beginNested(18);
        w.string(1, "ab");          // len 7, padded to 8
        w.u16(2, 0x1234);           // len 6, padded to 8
        w.endNested(outer);
        w.u8(3, 0xff);              // len 5, padded to 8
        byte[] bytes = w.toByteArray();
        assertEquals(28, bytes.length);
        List<Attribute> top = Attribute.parseAll(ByteBuffer.wrap(bytes), "test");
        assertEquals(2, top.size());
        assertEquals(20, top.get(0).length() + 4, "nest length covers its children, padding included");
        List<Attribute> inner = top.get(0).nested("outer");
        assertEquals("ab", inner.get(0).string("s"));
        assertEquals(0x1234, inner.get(1).u16("u16"));
        assertEquals(0xff, top.get(1).u8("u8"));
    }

    @Test
    void truncatedAndGarbledInputFailsClearly() {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN);
        MalformedMessageException t = assertThrows(MalformedMessageException.class,
                () -> Attribute.parseAll(hex("0c00 1200 0500 0100"), "IFLA_LINKINFO"));
        assertTrue(t.getMessage().startsWith("IFLA_LINKINFO: truncated attribute at offset 0 (type 18): length 12, 8 bytes left"),
                t.getMessage());
        MalformedMessageException zero = assertThrows(MalformedMessageException.class,
                () -> Attribute.parseAll(hex("0000 0100"), "IFLA"));
        assertTrue(zero.getMessage().contains("less than its 4-byte header"), zero.getMessage());
        assertThrows(MalformedMessageException.class, () -> NetlinkMessage.split(hex("ff000000 0200 0000 01000000 00000000")));
        assertThrows(MalformedMessageException.class, () -> NetlinkMessage.split(hex("08000000 0200 0000 01000000 00000000")));
        assertThrows(MalformedMessageException.class, () -> NetlinkMessage.split(hex("14000000 02")));
        MalformedMessageException shortValue = assertThrows(MalformedMessageException.class,
                () -> new Attribute(4, new byte[2]).u32("IFLA_MTU"));
        assertEquals("IFLA_MTU: value of 2 bytes, need 4", shortValue.getMessage());
        assertFalse(Attribute.parseAll(ByteBuffer.allocate(0), "empty").iterator().hasNext());
    }

    @Test
    void attributeFlagsArePreserved() {
        AttributeWriter w = new AttributeWriter();
        new Attribute(Netlink.NLA_F_NESTED | 7, new byte[] {1, 2, 3, 4}).writeTo(w);
        Attribute back = Attribute.parseAll(ByteBuffer.wrap(w.toByteArray()), "t").getFirst();
        assertEquals(7, back.type());
        assertEquals(Netlink.NLA_F_NESTED | 7, back.rawType());
    }
}
