package dev.netns.linux.rtnl;

import dev.netns.linux.netlink.MalformedMessageException;
import dev.netns.linux.netlink.NativeBytes;

import java.nio.ByteBuffer;

/**
 * {@code struct ifinfomsg}, the 16-byte header of link messages.
 *
 * @param family {@code ifi_family} (u8, followed by one pad byte), {@code AF_UNSPEC} for links
 * @param type   {@code ifi_type} (u16): the {@code ARPHRD_*} device type
 * @param index  {@code ifi_index} (s32): the interface index; 0 in a request means "by name" or "new"
 * @param flags  {@code ifi_flags} (u32): {@code IFF_*}
 * @param change {@code ifi_change} (u32): which flags a request changes
 */
public record IfInfoMsg(int family, int type, int index, int flags, int change) {
    public static final int SIZE = 16;

    /** A header that selects nothing and changes nothing. */
    public static IfInfoMsg empty() {
        return new IfInfoMsg(Rtnl.AF_UNSPEC, 0, 0, 0, 0);
    }

    public IfInfoMsg withIndex(int newIndex) {
        return new IfInfoMsg(family, type, newIndex, flags, change);
    }

    public byte[] toBytes() {
        byte[] out = new byte[SIZE];
        out[0] = (byte) family; // out[1]: __ifi_pad
        NativeBytes.put16(out, 2, type);
        NativeBytes.put32(out, 4, index);
        NativeBytes.put32(out, 8, flags);
        NativeBytes.put32(out, 12, change);
        return out;
    }

    public static IfInfoMsg read(ByteBuffer in, String context) {
        if (in.remaining() < SIZE) {
            throw new MalformedMessageException(context + ": truncated ifinfomsg, " + in.remaining() + " bytes, need " + SIZE);
        }
        int family = Byte.toUnsignedInt(in.get());
        in.get(); // __ifi_pad
        return new IfInfoMsg(family, Short.toUnsignedInt(in.getShort()), in.getInt(), in.getInt(), in.getInt());
    }
}
