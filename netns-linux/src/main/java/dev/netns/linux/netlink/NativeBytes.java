package dev.netns.linux.netlink;

import java.nio.ByteOrder;

/**
 * Native-order integers read from and written to byte arrays by plain index arithmetic. Netlink
 * headers and attributes are in the host's byte order; a fresh JVM interprets its first thousand
 * messages, and there one {@code ByteBuffer.getShort} is a chain of a dozen calls (bounds, session
 * and alignment checks) where this is a few bytecodes. Callers check bounds against the message
 * before they read (an index outside the array still throws).
 */
public final class NativeBytes {
    private static final boolean LITTLE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private NativeBytes() {
    }

    /** The unsigned 16-bit value at {@code at}. */
    public static int u16(byte[] b, int at) {
        int lo = b[at] & 0xff;
        int hi = b[at + 1] & 0xff;
        return LITTLE ? lo | hi << 8 : lo << 8 | hi;
    }

    /** The 32-bit value at {@code at}. */
    public static int i32(byte[] b, int at) {
        int b0 = b[at] & 0xff;
        int b1 = b[at + 1] & 0xff;
        int b2 = b[at + 2] & 0xff;
        int b3 = b[at + 3] & 0xff;
        return LITTLE ? b0 | b1 << 8 | b2 << 16 | b3 << 24 : b0 << 24 | b1 << 16 | b2 << 8 | b3;
    }

    /** Writes the low 16 bits of {@code value} at {@code at}. */
    public static void put16(byte[] b, int at, int value) {
        if (LITTLE) {
            b[at] = (byte) value;
            b[at + 1] = (byte) (value >>> 8);
        } else {
            b[at] = (byte) (value >>> 8);
            b[at + 1] = (byte) value;
        }
    }

    /** Writes {@code value} at {@code at}. */
    public static void put32(byte[] b, int at, int value) {
        if (LITTLE) {
            b[at] = (byte) value;
            b[at + 1] = (byte) (value >>> 8);
            b[at + 2] = (byte) (value >>> 16);
            b[at + 3] = (byte) (value >>> 24);
        } else {
            b[at] = (byte) (value >>> 24);
            b[at + 1] = (byte) (value >>> 16);
            b[at + 2] = (byte) (value >>> 8);
            b[at + 3] = (byte) value;
        }
    }
}
