package dev.netns.linux.rtnl;

import dev.netns.linux.netlink.Attribute;
import dev.netns.linux.netlink.AttributeWriter;
import dev.netns.linux.netlink.MalformedMessageException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The contents of {@code IFLA_LINKINFO}: the link's own kind ({@code IFLA_INFO_KIND}, a string such
 * as "veth") with its {@code IFLA_INFO_DATA} decoded by that kind's class ({@link LinkKinds}), and
 * the kind and data of the port it is of a master ({@code IFLA_INFO_SLAVE_KIND},
 * {@code IFLA_INFO_SLAVE_DATA}: a bridge port's settings, {@link BridgePortData}). Other info
 * attributes (xstats) are kept raw. A link reported by the kernel has a kind, a port kind or both;
 * a request changing only a port's settings carries the port kind alone.
 *
 * @param kind     the link kind, empty in a port-only request or for a port without link ops
 * @param data     the kind-specific data, empty when the message had none
 * @param portKind the master's kind for this port ("bridge"), empty when the link is no port
 * @param portData the port-specific data, empty when the message had none
 * @param others   the remaining {@code IFLA_INFO_*} attributes, unchanged
 */
record LinkInfo(Optional<String> kind, Optional<LinkInfoData> data, Optional<String> portKind,
                       Optional<LinkPortData> portData, List<Attribute> others) {
    public static final int IFLA_INFO_KIND = 1;
    public static final int IFLA_INFO_DATA = 2;
    public static final int IFLA_INFO_SLAVE_KIND = 4;
    public static final int IFLA_INFO_SLAVE_DATA = 5;

    public LinkInfo {
        others = List.copyOf(others);
        if (kind.isEmpty() && portKind.isEmpty()) {
            throw new IllegalArgumentException("IFLA_LINKINFO needs a kind or a port kind");
        }
    }

    /** A link kind with optional data and raw other attributes, no port information. */
    public LinkInfo(String kind, Optional<LinkInfoData> data, List<Attribute> others) {
        this(Optional.of(kind), data, Optional.empty(), Optional.empty(), others);
    }

    /** Kind only, as {@code ip link add NAME type KIND} sends it. */
    public static LinkInfo of(String kind) {
        return new LinkInfo(kind, Optional.empty(), List.of());
    }

    /** Kind with data. */
    public static LinkInfo of(String kind, LinkInfoData data) {
        return new LinkInfo(kind, Optional.of(data), List.of());
    }

    /** Port settings only, as {@code ip link set NAME type bridge_slave ...} sends them. */
    public static LinkInfo ofPort(String portKind, LinkPortData data) {
        return new LinkInfo(Optional.empty(), Optional.empty(), Optional.of(portKind), Optional.of(data), List.of());
    }

    void writeContents(AttributeWriter out) {
        // plain conditions and loops, no lambdas: this runs for every link request, mostly before the
        // JIT has compiled anything, and each lambda costs a fresh JVM a generated class
        if (kind.isPresent()) {
            out.string(IFLA_INFO_KIND, kind.get());
        }
        if (data.isPresent()) {
            int nest = out.beginNested(IFLA_INFO_DATA);
            data.get().writeContents(out);
            out.endNested(nest);
        }
        if (portKind.isPresent()) {
            out.string(IFLA_INFO_SLAVE_KIND, portKind.get());
        }
        if (portData.isPresent()) {
            int nest = out.beginNested(IFLA_INFO_SLAVE_DATA);
            portData.get().writeContents(out);
            out.endNested(nest);
        }
        for (Attribute a : others) {
            a.writeTo(out);
        }
    }

    static LinkInfo decode(List<Attribute> attributes) {
        String kind = null;
        String portKind = null;
        Attribute data = null;
        Attribute portData = null;
        List<Attribute> others = new ArrayList<>();
        for (Attribute a : attributes) {
            switch (a.type()) {
                case IFLA_INFO_KIND -> kind = a.string("IFLA_INFO_KIND");
                case IFLA_INFO_DATA -> data = a;
                case IFLA_INFO_SLAVE_KIND -> portKind = a.string("IFLA_INFO_SLAVE_KIND");
                case IFLA_INFO_SLAVE_DATA -> portData = a;
                default -> others.add(a);
            }
        }
        if (kind == null && portKind == null) {
            throw new MalformedMessageException("IFLA_LINKINFO: neither IFLA_INFO_KIND nor IFLA_INFO_SLAVE_KIND among "
                    + attributes.size() + " attributes");
        }
        if (data != null && kind == null) {
            throw new MalformedMessageException("IFLA_LINKINFO: IFLA_INFO_DATA without IFLA_INFO_KIND");
        }
        if (portData != null && portKind == null) {
            throw new MalformedMessageException("IFLA_LINKINFO: IFLA_INFO_SLAVE_DATA without IFLA_INFO_SLAVE_KIND");
        }
        Optional<LinkInfoData> decoded = data == null ? Optional.empty() : Optional.of(LinkKinds.decode(kind, data));
        Optional<LinkPortData> decodedPort = portData == null ? Optional.empty()
                : Optional.of(LinkKinds.decodePort(portKind, portData));
        return new LinkInfo(Optional.ofNullable(kind), decoded, Optional.ofNullable(portKind), decodedPort, others);
    }
}
