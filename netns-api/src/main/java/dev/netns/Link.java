package dev.netns;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A network interface as the kernel reported it (one {@code RTM_NEWLINK} message of a dump or get),
 * the information {@code ip -d link show} prints. A snapshot: it does not change when the interface does.
 *
 * @param index       the interface index in its namespace ({@code ifindex})
 * @param name        the interface name
 * @param kind        the link kind ({@code "veth"}, {@code "bridge"}, ...), empty for devices without one (loopback, physical)
 * @param flags       the raw {@code IFF_*} flags word
 * @param operState   the RFC 2863 operational state, as iproute2 prints it ({@code "UP"}, {@code "DOWN"}, {@code "UNKNOWN"}, ...)
 * @param mtu         the MTU in bytes
 * @param mac         the hardware address, empty for devices without one
 * @param masterIndex the index of the master device (a bridge), empty when not enslaved
 * @param linkIndex   the index of the parent or peer device ({@code IFLA_LINK}), empty when none
 * @param linkNetnsId the netns id, in this namespace, of the namespace where {@code linkIndex} lives
 *                    ({@code IFLA_LINK_NETNSID}), empty when it is this namespace
 */
public record Link(int index, String name, Optional<String> kind, int flags, String operState, int mtu,
                   Optional<MacAddress> mac, OptionalInt masterIndex, OptionalInt linkIndex,
                   OptionalInt linkNetnsId) {

    /** IFF_UP: administratively up. */
    public static final int IFF_UP = 0x1;
    /** IFF_LOOPBACK. */
    public static final int IFF_LOOPBACK = 0x8;
    /** IFF_RUNNING: the kernel's view of carrier plus operational readiness. */
    public static final int IFF_RUNNING = 0x40;
    /** IFF_LOWER_UP: the driver signals carrier. */
    public static final int IFF_LOWER_UP = 0x10000;

    /** Whether the interface is administratively up ({@code ip link set NAME up}). */
    public boolean isUp() {
        return (flags & IFF_UP) != 0;
    }

    /** Whether the device has carrier ({@code LOWER_UP}). */
    public boolean hasCarrier() {
        return (flags & IFF_LOWER_UP) != 0;
    }
}
