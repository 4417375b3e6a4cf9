package dev.netns.linux.rtnl;

import dev.netns.linux.netlink.Attribute;
import dev.netns.linux.netlink.AttributeWriter;
import dev.netns.linux.netlink.MalformedMessageException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The contents of {@code IFLA_LINKINFO}: {@code IFLA_INFO_KIND} (a string such as "veth"), the
 * kind's {@code IFLA_INFO_DATA} decoded by that kind's class ({@link LinkKinds}), and the other
 * info attributes (slave kind and data, xstats) kept raw.
 *
 * @param kind   the link kind
 * @param data   the kind-specific data, empty when the message had none
 * @param others the remaining {@code IFLA_INFO_*} attributes, unchanged
 */
public record LinkInfo(String kind, Optional<LinkInfoData> data, List<Attribute> others) {
    public static final int IFLA_INFO_KIND = 1;
    public static final int IFLA_INFO_DATA = 2;

    public LinkInfo {
        others = List.copyOf(others);
    }

    /** Kind only, as {@code ip link add NAME type KIND} sends it. */
    public static LinkInfo of(String kind) {
        return new LinkInfo(kind, Optional.empty(), List.of());
    }

    /** Kind with data. */
    public static LinkInfo of(String kind, LinkInfoData data) {
        return new LinkInfo(kind, Optional.of(data), List.of());
    }

    void writeContents(AttributeWriter out) {
        out.string(IFLA_INFO_KIND, kind);
        data.ifPresent(d -> {
            int nest = out.beginNested(IFLA_INFO_DATA);
            d.writeContents(out);
            out.endNested(nest);
        });
        others.forEach(a -> a.writeTo(out));
    }

    static LinkInfo decode(List<Attribute> attributes) {
        String kind = null;
        Attribute data = null;
        List<Attribute> others = new ArrayList<>();
        for (Attribute a : attributes) {
            switch (a.type()) {
                case IFLA_INFO_KIND -> kind = a.string("IFLA_INFO_KIND");
                case IFLA_INFO_DATA -> data = a;
                default -> others.add(a);
            }
        }
        if (kind == null) {
            throw new MalformedMessageException("IFLA_LINKINFO: no IFLA_INFO_KIND among " + attributes.size() + " attributes");
        }
        Optional<LinkInfoData> decoded = data == null ? Optional.empty() : Optional.of(LinkKinds.decode(kind, data));
        return new LinkInfo(kind, decoded, others);
    }
}
