package dev.netns.linux.rtnl;

import dev.netns.linux.netlink.Attribute;
import dev.netns.linux.netlink.AttributeWriter;

import java.util.List;

/**
 * bridge's {@code IFLA_INFO_DATA} ({@code IFLA_BR_*}): the library creates bridges with the
 * kernel's defaults and sets nothing here, so the attributes the kernel reports (forward delay,
 * STP state, VLAN filtering, ...) are kept raw for a faithful round trip.
 *
 * @param attributes the {@code IFLA_BR_*} attributes
 */
record BridgeData(List<Attribute> attributes) implements LinkInfoData {
    public static final String KIND = "bridge";

    public BridgeData {
        attributes = List.copyOf(attributes);
    }

    public void writeContents(AttributeWriter out) {
        attributes.forEach(a -> a.writeTo(out));
    }

    static BridgeData decode(Attribute data) {
        return new BridgeData(data.nested("IFLA_INFO_DATA (bridge)"));
    }
}
