package dev.netns.linux.rtnl;

import dev.netns.linux.netlink.MalformedMessageException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * {@code struct ifaddrmsg}, the 8-byte header of address messages.
 *
 * @param family       {@code ifa_family} (u8): {@code AF_INET} or {@code AF_INET6}
 * @param prefixLength {@code ifa_prefixlen} (u8)
 * @param flags        {@code ifa_flags} (u8): the low 8 {@code IFA_F_*} bits ({@code IFA_FLAGS} carries all 32)
 * @param scope        {@code ifa_scope} (u8): {@code RT_SCOPE_*}
 * @param index        {@code ifa_index} (u32): the interface
 */
record IfAddrMsg(int family, int prefixLength, int flags, int scope, int index) {
    public static final int SIZE = 8;

    public byte[] toBytes() {
        return ByteBuffer.allocate(SIZE).order(ByteOrder.nativeOrder())
                .put((byte) family).put((byte) prefixLength).put((byte) flags).put((byte) scope)
                .putInt(index).array();
    }

    public static IfAddrMsg read(ByteBuffer in, String context) {
        if (in.remaining() < SIZE) {
            throw new MalformedMessageException(context + ": truncated ifaddrmsg, " + in.remaining() + " bytes, need " + SIZE);
        }
        return new IfAddrMsg(Byte.toUnsignedInt(in.get()), Byte.toUnsignedInt(in.get()), Byte.toUnsignedInt(in.get()),
                Byte.toUnsignedInt(in.get()), in.getInt());
    }
}
