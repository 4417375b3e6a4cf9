package dev.netns.linux.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The one encoder of netlink attributes ({@code struct nlattr}/{@code rtattr}: u16 length, u16
 * type, value, zero padding to 4 bytes). Family headers ({@code ifinfomsg} ...) are written with
 * {@link #raw}; nests are opened with {@link #beginNested} and closed with {@link #endNested},
 * which patches the nest's length. Values are in native byte order unless the method says
 * otherwise. Not thread-safe: one writer per message.
 */
public final class AttributeWriter {
    /** {@code sizeof(struct nlattr)}. */
    public static final int HEADER_SIZE = 4;
    private static final int MAX_ATTRIBUTE = 0xffff;

    private ByteBuffer buf = ByteBuffer.allocate(128).order(ByteOrder.nativeOrder());

    /** The number of bytes written so far. */
    public int position() {
        return buf.position();
    }

    /** Appends raw bytes (a family header), padded to 4 bytes. */
    public AttributeWriter raw(byte[] bytes) {
        ensure(Netlink.align(bytes.length));
        buf.put(bytes);
        pad();
        return this;
    }

    /** An attribute with an arbitrary value. */
    public AttributeWriter put(int type, byte[] value) {
        int len = HEADER_SIZE + value.length;
        if (len > MAX_ATTRIBUTE) {
            throw new IllegalArgumentException("attribute " + type + " too long: " + len + " bytes");
        }
        ensure(Netlink.align(len));
        buf.putShort((short) len).putShort((short) type).put(value);
        pad();
        return this;
    }

    public AttributeWriter u8(int type, int value) {
        return put(type, new byte[] {(byte) value});
    }

    public AttributeWriter u16(int type, int value) {
        return put(type, ByteBuffer.allocate(2).order(ByteOrder.nativeOrder()).putShort((short) value).array());
    }

    /** A 16-bit value in network byte order (ports). */
    public AttributeWriter u16be(int type, int value) {
        return put(type, ByteBuffer.allocate(2).order(ByteOrder.BIG_ENDIAN).putShort((short) value).array());
    }

    public AttributeWriter u32(int type, int value) {
        return put(type, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array());
    }

    /** A NUL-terminated UTF-8 string, as the kernel's {@code NLA_STRING}/{@code NLA_NUL_STRING} expect. */
    public AttributeWriter string(int type, String value) {
        byte[] s = value.getBytes(StandardCharsets.UTF_8);
        byte[] z = new byte[s.length + 1];
        System.arraycopy(s, 0, z, 0, s.length);
        return put(type, z);
    }

    /** Opens a nested attribute; returns the token for {@link #endNested}. */
    public int beginNested(int type) {
        ensure(HEADER_SIZE);
        int start = buf.position();
        buf.putShort((short) 0).putShort((short) type);
        return start;
    }

    /** Closes the nest opened at {@code start}: its length covers everything written since. */
    public AttributeWriter endNested(int start) {
        int len = buf.position() - start;
        if (len > MAX_ATTRIBUTE) {
            throw new IllegalArgumentException("nested attribute too long: " + len + " bytes");
        }
        buf.putShort(start, (short) len);
        return this;
    }

    /** A copy of the bytes written. */
    public byte[] toByteArray() {
        byte[] out = new byte[buf.position()];
        buf.get(0, out);
        return out;
    }

    private void pad() {
        while ((buf.position() & 3) != 0) {
            buf.put((byte) 0);
        }
    }

    private void ensure(int more) {
        if (buf.remaining() < more) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + more))
                    .order(ByteOrder.nativeOrder());
            buf.flip();
            bigger.put(buf);
            buf = bigger;
        }
    }
}
