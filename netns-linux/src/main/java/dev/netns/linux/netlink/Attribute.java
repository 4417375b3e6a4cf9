package dev.netns.linux.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * One parsed netlink attribute, kept as its type and raw value; this is also how attributes the
 * typed model does not know survive a round trip. The typed readers check the value's length and
 * name the attribute in their failure.
 *
 * @param rawType the 16-bit type as sent, including the {@code NLA_F_NESTED} / {@code NLA_F_NET_BYTEORDER} bits
 * @param value   the value, without header or padding
 */
public record Attribute(int rawType, byte[] value) {

    public Attribute {
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    /** The type without the flag bits. */
    public int type() {
        return rawType & Netlink.NLA_TYPE_MASK;
    }

    /** The value length in bytes. */
    public int length() {
        return value.length;
    }

    /** Writes this attribute unchanged. */
    public void writeTo(AttributeWriter out) {
        out.put(rawType, value);
    }

    public int u8(String name) {
        return value[expect(name, 1)] & 0xff;
    }

    public int u16(String name) {
        expect(name, 2);
        return Short.toUnsignedInt(buffer().getShort());
    }

    /** A 16-bit value in network byte order. */
    public int u16be(String name) {
        expect(name, 2);
        return Short.toUnsignedInt(buffer().order(ByteOrder.BIG_ENDIAN).getShort());
    }

    public int u32(String name) {
        expect(name, 4);
        return buffer().getInt();
    }

    /** A string; one trailing NUL (and anything after it) is dropped. */
    public String string(String name) {
        int end = 0;
        while (end < value.length && value[end] != 0) {
            end++;
        }
        return new String(value, 0, end, StandardCharsets.UTF_8);
    }

    /** The attributes nested in this one. */
    public List<Attribute> nested(String name) {
        return parseAll(ByteBuffer.wrap(value), name);
    }

    private ByteBuffer buffer() {
        return ByteBuffer.wrap(value).order(ByteOrder.nativeOrder());
    }

    private int expect(String name, int size) {
        if (value.length < size) {
            throw new MalformedMessageException(name + ": value of " + value.length + " bytes, need " + size);
        }
        return 0;
    }

    /**
     * Parses the attributes from the buffer's position to its limit. Never returns {@code null};
     * fails with the context, the offset and the lengths involved, and always makes progress, so
     * garbled input cannot loop.
     *
     * @param context what is being parsed, e.g. {@code "IFLA_LINKINFO"}
     */
    public static List<Attribute> parseAll(ByteBuffer source, String context) {
        ByteBuffer in = source.slice().order(ByteOrder.nativeOrder());
        List<Attribute> out = new ArrayList<>();
        while (in.remaining() >= AttributeWriter.HEADER_SIZE) {
            int start = in.position();
            int len = Short.toUnsignedInt(in.getShort());
            int type = Short.toUnsignedInt(in.getShort());
            if (len < AttributeWriter.HEADER_SIZE) {
                throw new MalformedMessageException(context + ": attribute at offset " + start + " (type " + type
                        + ") has length " + len + ", less than its 4-byte header");
            }
            if (len > in.limit() - start) {
                throw new MalformedMessageException(context + ": truncated attribute at offset " + start + " (type "
                        + type + "): length " + len + ", " + (in.limit() - start) + " bytes left");
            }
            byte[] value = new byte[len - AttributeWriter.HEADER_SIZE];
            in.get(value);
            out.add(new Attribute(type, value));
            in.position(Math.min(in.limit(), start + Netlink.align(len)));
        }
        if (in.hasRemaining()) {
            throw new MalformedMessageException(context + ": " + in.remaining()
                    + " trailing bytes after the last attribute, too few for a header");
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Attribute a && a.rawType == rawType && Arrays.equals(a.value, value);
    }

    @Override
    public int hashCode() {
        return 31 * rawType + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "Attribute[type=" + type() + (rawType != type() ? ", flags=0x" + Integer.toHexString(rawType & ~Netlink.NLA_TYPE_MASK) : "")
                + ", value=" + HexFormat.of().formatHex(value) + "]";
    }
}
