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
 * <p>The kind is absent for a device of no link kind that is enslaved (a physical NIC in a bridge
 * or bond): the kernel then sends only {@code IFLA_INFO_SLAVE_KIND} and {@code IFLA_INFO_SLAVE_DATA}.
 *
 * @param kind   the link kind, empty for a kindless enslaved device
 * @param data   the kind-specific data, empty when the message had none
 * @param others the remaining {@code IFLA_INFO_*} attributes, unchanged
 */
public record LinkInfo(Optional<String> kind, Optional<LinkInfoData> data, List<Attribute> others) {
    public static final int IFLA_INFO_KIND = 1;
    public static final int IFLA_INFO_DATA = 2;
    /** The kind of the master a device is enslaved to ("bridge", "bond"). */
    public static final int IFLA_INFO_SLAVE_KIND = 4;

    public LinkInfo {
        others = List.copyOf(others);
        if (data.isPresent() && kind.isEmpty()) {
            throw new IllegalArgumentException("IFLA_INFO_DATA needs an IFLA_INFO_KIND to say how to read it");
        }
    }

    /** A kind with its data and other attributes. */
    public LinkInfo(String kind, Optional<LinkInfoData> data, List<Attribute> others) {
        this(Optional.of(kind), data, others);
    }

    /** Kind only, as {@code ip link add NAME type KIND} sends it. */
    public static LinkInfo of(String kind) {
        return new LinkInfo(kind, Optional.empty(), List.of());
    }

    /** Kind with data. */
    public static LinkInfo of(String kind, LinkInfoData data) {
        return new LinkInfo(kind, Optional.of(data), List.of());
    }

    /** {@code IFLA_INFO_SLAVE_KIND}: the kind of this device's master, when it is enslaved. */
    public Optional<String> slaveKind() {
        return others.stream().filter(a -> a.type() == IFLA_INFO_SLAVE_KIND).findFirst()
                .map(a -> a.string("IFLA_INFO_SLAVE_KIND"));
    }

    void writeContents(AttributeWriter out) {
        kind.ifPresent(k -> out.string(IFLA_INFO_KIND, k));
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
        if (kind == null && data != null) {
            throw new MalformedMessageException("IFLA_LINKINFO: IFLA_INFO_DATA without IFLA_INFO_KIND");
        }
        Optional<LinkInfoData> decoded = data == null ? Optional.empty() : Optional.of(LinkKinds.decode(kind, data));
        return new LinkInfo(Optional.ofNullable(kind), decoded, others);
    }
}
