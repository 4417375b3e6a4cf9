package dev.netns;

import java.net.InetAddress;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A route of a routing table (one {@code RTM_NEWROUTE} message), as {@code ip route show} prints it.
 *
 * @param destination the destination network; {@code 0.0.0.0/0} or {@code ::/0} for a default route
 * @param gateway     the next hop ({@code via}), empty for an on-link route
 * @param outputIndex the output interface index ({@code dev}), empty if the kernel named none
 * @param table       the routing table ({@code 254} is main)
 * @param protocol    who installed it ({@code 2} kernel, {@code 3} boot, {@code 4} static)
 * @param scope       the route scope ({@code 0} universe, {@code 253} link, {@code 254} host)
 * @param type        the route type ({@code 1} unicast, {@code 2} local, ...)
 */
public record Route(IpPrefix destination, Optional<InetAddress> gateway, OptionalInt outputIndex,
                    int table, int protocol, int scope, int type) {
    /** RT_TABLE_MAIN. */
    public static final int TABLE_MAIN = 254;

    /** Whether this is a default route (prefix length 0). */
    public boolean isDefault() {
        return destination.prefixLength() == 0;
    }
}
