package dev.netns.linux.netlink;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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

    /** The bytes written so far are {@code buf[0, pos)}; everything after {@code pos} is still zero. */
    private byte[] buf = new byte[128];
    private int pos;

    /** The number of bytes written so far. */
    public int position() {
        return pos;
    }

    /** Appends raw bytes (a family header), padded to 4 bytes. */
    public AttributeWriter raw(byte[] bytes) {
        ensure(Netlink.align(bytes.length));
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos = Netlink.align(pos + bytes.length);
        return this;
    }

    /** An attribute with an arbitrary value. */
    public AttributeWriter put(int type, byte[] value) {
        int at = header(type, value.length);
        System.arraycopy(value, 0, buf, at, value.length);
        return this;
    }

    public AttributeWriter u8(int type, int value) {
        int at = header(type, 1); // first: it may replace buf
        buf[at] = (byte) value;
        return this;
    }

    public AttributeWriter u16(int type, int value) {
        int at = header(type, 2);
        NativeBytes.put16(buf, at, value);
        return this;
    }

    /** A 16-bit value in network byte order (ports). */
    public AttributeWriter u16be(int type, int value) {
        int at = header(type, 2);
        buf[at] = (byte) (value >>> 8);
        buf[at + 1] = (byte) value;
        return this;
    }

    public AttributeWriter u32(int type, int value) {
        int at = header(type, 4);
        NativeBytes.put32(buf, at, value);
        return this;
    }

    /** A NUL-terminated UTF-8 string, as the kernel's {@code NLA_STRING}/{@code NLA_NUL_STRING} expect. */
    public AttributeWriter string(int type, String value) {
        byte[] s = value.getBytes(StandardCharsets.UTF_8);
        int at = header(type, s.length + 1);
        System.arraycopy(s, 0, buf, at, s.length); // the NUL is there: nothing was written past pos yet
        return this;
    }

    /** Opens a nested attribute; returns the token for {@link #endNested}. */
    public int beginNested(int type) {
        ensure(HEADER_SIZE);
        int start = pos;
        NativeBytes.put16(buf, start + 2, type); // the length is patched by endNested
        pos += HEADER_SIZE;
        return start;
    }

    /** Closes the nest opened at {@code start}: its length covers everything written since. */
    public AttributeWriter endNested(int start) {
        int len = pos - start;
        if (len > MAX_ATTRIBUTE) {
            throw new IllegalArgumentException("nested attribute too long: " + len + " bytes");
        }
        NativeBytes.put16(buf, start, len);
        return this;
    }

    /** A copy of the bytes written. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    /**
     * Writes the header of an attribute with a value of {@code valueLength} bytes and reserves the
     * value and its padding (zero); returns where the value goes.
     */
    private int header(int type, int valueLength) {
        int len = HEADER_SIZE + valueLength;
        if (len > MAX_ATTRIBUTE) {
            throw new IllegalArgumentException("attribute " + type + " too long: " + len + " bytes");
        }
        ensure(Netlink.align(len));
        int start = pos;
        NativeBytes.put16(buf, start, len);
        NativeBytes.put16(buf, start + 2, type);
        pos = start + Netlink.align(len);
        return start + HEADER_SIZE;
    }

    private void ensure(int more) {
        if (buf.length - pos < more) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
        }
    }
}
