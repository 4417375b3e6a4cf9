package dev.netns.linux.rtnl;

import dev.netns.linux.netlink.Attribute;
import dev.netns.linux.netlink.AttributeWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A bridge port's {@code IFLA_INFO_SLAVE_DATA} ({@code IFLA_BRPORT_*} in {@code <linux/if_link.h>}):
 * the hairpin flag typed, which pods set; the many attributes the kernel reports (state, priority,
 * cost, learning, ...) kept raw for a faithful round trip.
 *
 * @param hairpin {@code IFLA_BRPORT_MODE} (u8): whether frames may leave by the port they came in on
 * @param others  the other {@code IFLA_BRPORT_*} attributes
 */
record BridgePortData(Optional<Boolean> hairpin, List<Attribute> others) implements LinkPortData {
    /** The port kind a bridge reports ({@code IFLA_INFO_SLAVE_KIND}); iproute2 says {@code bridge_slave}. */
    public static final String KIND = "bridge";
    public static final int IFLA_BRPORT_MODE = 4;

    public BridgePortData {
        others = List.copyOf(others);
    }

    /** Only the hairpin flag: {@code ip link set NAME type bridge_slave hairpin on|off}. */
    public static BridgePortData hairpin(boolean on) {
        return new BridgePortData(Optional.of(on), List.of());
    }

    public void writeContents(AttributeWriter out) {
        hairpin.ifPresent(h -> out.u8(IFLA_BRPORT_MODE, h ? 1 : 0));
        others.forEach(a -> a.writeTo(out));
    }

    static BridgePortData decode(Attribute data) {
        Optional<Boolean> hairpin = Optional.empty();
        List<Attribute> others = new ArrayList<>();
        for (Attribute a : data.nested("IFLA_INFO_SLAVE_DATA (bridge)")) {
            if (a.type() == IFLA_BRPORT_MODE) {
                hairpin = Optional.of(a.u8("IFLA_BRPORT_MODE") != 0);
            } else {
                others.add(a);
            }
        }
        return new BridgePortData(hairpin, others);
    }
}
