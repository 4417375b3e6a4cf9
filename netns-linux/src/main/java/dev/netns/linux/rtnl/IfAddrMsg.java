package dev.netns.linux.rtnl;

import dev.netns.linux.netlink.MalformedMessageException;
import dev.netns.linux.netlink.NativeBytes;

import java.nio.ByteBuffer;

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
        byte[] out = new byte[SIZE];
        out[0] = (byte) family;
        out[1] = (byte) prefixLength;
        out[2] = (byte) flags;
        out[3] = (byte) scope;
        NativeBytes.put32(out, 4, index);
        return out;
    }

    public static IfAddrMsg read(ByteBuffer in, String context) {
        if (in.remaining() < SIZE) {
            throw new MalformedMessageException(context + ": truncated ifaddrmsg, " + in.remaining() + " bytes, need " + SIZE);
        }
        return new IfAddrMsg(Byte.toUnsignedInt(in.get()), Byte.toUnsignedInt(in.get()), Byte.toUnsignedInt(in.get()),
                Byte.toUnsignedInt(in.get()), in.getInt());
    }
}
