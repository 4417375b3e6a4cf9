package dev.netns.linux.rtnl;

import dev.netns.Link;
import dev.netns.linux.netlink.Attribute;
import dev.netns.linux.netlink.AttributeWriter;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A link message ({@code RTM_NEWLINK}, {@code RTM_GETLINK}, {@code RTM_DELLINK}, {@code RTM_SETLINK}
 * body, and the peer inside {@code VETH_INFO_PEER}): an {@code ifinfomsg} and typed attributes,
 * in order.
 *
 * @param header     the {@code ifinfomsg}
 * @param attributes the attributes, unknown ones included
 */
public record LinkMessage(IfInfoMsg header, List<LinkAttribute> attributes) {

    public LinkMessage {
        attributes = List.copyOf(attributes);
    }

    public static LinkMessage of(IfInfoMsg header, LinkAttribute... attributes) {
        return new LinkMessage(header, List.of(attributes));
    }

    /** The encoded body: header then attributes, each padded to 4 bytes. */
    public byte[] toBytes() {
        AttributeWriter out = new AttributeWriter().raw(header.toBytes());
        for (LinkAttribute a : attributes) {
            a.writeTo(out);
        }
        return out.toByteArray();
    }

    /** Parses a body. @throws dev.netns.linux.netlink.MalformedMessageException naming what was parsed */
    public static LinkMessage decode(ByteBuffer body, String context) {
        ByteBuffer in = body.slice().order(ByteOrder.nativeOrder());
        IfInfoMsg header = IfInfoMsg.read(in, context);
        List<LinkAttribute> attrs = new ArrayList<>();
        for (Attribute a : Attribute.parseAll(in, context)) {
            attrs.add(LinkAttribute.decode(a));
        }
        return new LinkMessage(header, attrs);
    }

    /** The first attribute of the given type. */
    public <T extends LinkAttribute> Optional<T> find(Class<T> type) {
        for (LinkAttribute a : attributes) {
            if (type.isInstance(a)) {
                return Optional.of(type.cast(a));
            }
        }
        return Optional.empty();
    }

    /** This message with one more attribute at the end. */
    public LinkMessage with(LinkAttribute attribute) {
        List<LinkAttribute> attrs = new ArrayList<>(attributes);
        attrs.add(attribute);
        return new LinkMessage(header, attrs);
    }

    /** The device group ({@code IFLA_GROUP}), or empty. */
    public OptionalInt group() {
        for (LinkAttribute a : attributes) {
            if (a instanceof LinkAttribute.Group g) {
                return OptionalInt.of(g.group());
            }
        }
        return OptionalInt.empty();
    }

    /** The interface name ({@code IFLA_IFNAME}), or empty. */
    public Optional<String> name() {
        for (LinkAttribute a : attributes) {
            if (a instanceof LinkAttribute.Name n) {
                return Optional.of(n.name());
            }
        }
        return Optional.empty();
    }

    /** The interface alias ({@code IFLA_IFALIAS}), or empty. */
    public Optional<String> alias() {
        Optional<LinkAttribute.Alias> alias = find(LinkAttribute.Alias.class);
        return alias.isPresent() ? Optional.of(alias.get().text()) : Optional.empty();
    }

    /**
     * The public view of a link the kernel reported, read in one pass over the attributes (the
     * first of each type counts), without streams: this runs for every link of a dump and for every
     * echoed or fetched link, mostly before the JIT has compiled anything.
     */
    public Link toLink() {
        String name = null;
        LinkInfo info = null;
        byte[] mac = null;
        OptionalInt netnsId = OptionalInt.empty();
        int operState = -1;
        int mtu = -1;
        int master = -1;
        int link = -1;
        for (LinkAttribute a : attributes) {
            if (a instanceof LinkAttribute.Name n) {
                name = name == null ? n.name() : name;
            } else if (a instanceof LinkAttribute.Info i) {
                info = info == null ? i.info() : info;
            } else if (a instanceof LinkAttribute.HardwareAddress h) {
                mac = mac == null ? h.bytes() : mac;
            } else if (a instanceof LinkAttribute.LinkNetnsId id) {
                netnsId = netnsId.isPresent() ? netnsId : OptionalInt.of(id.id());
            } else if (a instanceof LinkAttribute.OperState o) {
                operState = operState < 0 ? o.state() : operState;
            } else if (a instanceof LinkAttribute.Mtu m) {
                mtu = mtu < 0 ? m.mtu() : mtu;
            } else if (a instanceof LinkAttribute.Master m) {
                master = master < 0 ? m.index() : master;
            } else if (a instanceof LinkAttribute.Link l) {
                link = link < 0 ? l.index() : link;
            }
        }
        return LinkReader.link(header, name, info == null ? null : info.kind().orElse(null), mac, netnsId,
                operState, mtu, master, link);
    }
}
