package dev.netns;

import java.net.InetAddress;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One entry of a neighbour table (one {@code RTM_NEWNEIGH} message): either an IP neighbour — what
 * {@code ip neigh show} prints, an IPv4 ARP or IPv6 neighbour-discovery entry mapping an address
 * on a link to a hardware address — or a forwarding database entry, what {@code bridge fdb show}
 * prints: a hardware address a bridge or vxlan device knows where to send.
 *
 * <p>On a vxlan device a forwarding entry maps an inner MAC address to the remote tunnel endpoint
 * ({@code bridge fdb append MAC dev vxlan0 dst 192.168.0.2}); the endpoint is {@link #address()}.
 *
 * @param kind       an IP neighbour or a forwarding entry
 * @param linkIndex  the index of the interface the entry is on ({@code dev})
 * @param address    for an IP neighbour its IP address ({@code dst}); for a forwarding entry the
 *                   remote tunnel endpoint ({@code dst}), empty when there is none
 * @param macAddress the hardware address ({@code lladdr}, {@code bridge fdb}'s first column); empty
 *                   while unresolved or when the link's addresses are not Ethernet-sized
 * @param state      the {@code NUD_*} state bits, e.g. {@link #NUD_PERMANENT}
 * @param flags      the {@code NTF_*} flags, e.g. {@link #NTF_SELF}
 * @param master     for a forwarding entry of a bridge port, the bridge's interface index
 */
public record Neighbor(Kind kind, int linkIndex, Optional<InetAddress> address, Optional<MacAddress> macAddress,
                       int state, int flags, OptionalInt master) {
    /** NUD_INCOMPLETE: address resolution is in progress. */
    public static final int NUD_INCOMPLETE = 0x01;
    /** NUD_REACHABLE: confirmed recently. */
    public static final int NUD_REACHABLE = 0x02;
    /** NUD_STALE: usable, to be confirmed on next use. */
    public static final int NUD_STALE = 0x04;
    /** NUD_FAILED: resolution failed. */
    public static final int NUD_FAILED = 0x20;
    /** NUD_NOARP: needs no resolution. */
    public static final int NUD_NOARP = 0x40;
    /** NUD_PERMANENT: static, never expires or changes by itself ({@code nud permanent}). */
    public static final int NUD_PERMANENT = 0x80;
    /** NTF_SELF: an entry of the device's own table ({@code bridge fdb ... self}). */
    public static final int NTF_SELF = 0x02;
    /** NTF_MASTER: an entry of the bridge this port belongs to ({@code bridge fdb ... master}). */
    public static final int NTF_MASTER = 0x04;
    /** NTF_EXT_LEARNED: learned by something outside the kernel. */
    public static final int NTF_EXT_LEARNED = 0x10;

    /** Which table an entry belongs to. */
    public enum Kind {
        /** An IPv4 ARP or IPv6 neighbour-discovery entry ({@code ip neigh}). */
        IP,
        /** A bridge or vxlan forwarding database entry ({@code bridge fdb}). */
        FORWARDING
    }

    /** Whether the entry is static ({@code NUD_PERMANENT}). */
    public boolean isPermanent() {
        return (state & NUD_PERMANENT) != 0;
    }
}
