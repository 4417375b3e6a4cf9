package dev.netns.linux.rtnl;

import dev.netns.linux.netlink.Attribute;
import dev.netns.linux.netlink.AttributeWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * macvlan's {@code IFLA_INFO_DATA} ({@code IFLA_MACVLAN_*}): the mode; the parent device is not
 * here but in the link's {@code IFLA_LINK}.
 *
 * @param mode   {@code IFLA_MACVLAN_MODE} (u32, {@code MACVLAN_MODE_*}: private 1, vepa 2, bridge 4, passthru 8, source 16)
 * @param others other attributes, kept
 */
record MacvlanData(OptionalInt mode, List<Attribute> others) implements LinkInfoData {
    public static final String KIND = "macvlan";
    public static final int IFLA_MACVLAN_MODE = 1;

    public MacvlanData {
        others = List.copyOf(others);
    }

    public static MacvlanData ofMode(int mode) {
        return new MacvlanData(OptionalInt.of(mode), List.of());
    }

    public void writeContents(AttributeWriter out) {
        mode.ifPresent(m -> out.u32(IFLA_MACVLAN_MODE, m));
        others.forEach(a -> a.writeTo(out));
    }

    static MacvlanData decode(Attribute data) {
        OptionalInt mode = OptionalInt.empty();
        List<Attribute> others = new ArrayList<>();
        for (Attribute a : data.nested("IFLA_INFO_DATA (macvlan)")) {
            if (a.type() == IFLA_MACVLAN_MODE) {
                mode = OptionalInt.of(a.u32("IFLA_MACVLAN_MODE"));
            } else {
                others.add(a);
            }
        }
        return new MacvlanData(mode, others);
    }
}
