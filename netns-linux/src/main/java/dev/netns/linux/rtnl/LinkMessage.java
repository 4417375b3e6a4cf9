package dev.netns.linux.rtnl;

import dev.netns.Link;
import dev.netns.MacAddress;
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
        attributes.forEach(a -> a.writeTo(out));
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
        return attributes.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** This message with one more attribute at the end. */
    public LinkMessage with(LinkAttribute attribute) {
        List<LinkAttribute> attrs = new ArrayList<>(attributes);
        attrs.add(attribute);
        return new LinkMessage(header, attrs);
    }

    /** The device group ({@code IFLA_GROUP}), or empty. */
    public OptionalInt group() {
        return find(LinkAttribute.Group.class).map(g -> OptionalInt.of(g.group())).orElse(OptionalInt.empty());
    }

    /** The interface name ({@code IFLA_IFNAME}), or empty. */
    public Optional<String> name() {
        return find(LinkAttribute.Name.class).map(LinkAttribute.Name::name);
    }

    /** The interface alias ({@code IFLA_IFALIAS}), or empty. */
    public Optional<String> alias() {
        return find(LinkAttribute.Alias.class).map(LinkAttribute.Alias::text);
    }

    /** The public view of a link the kernel reported. */
    public Link toLink() {
        Optional<LinkInfo> info = find(LinkAttribute.Info.class).map(LinkAttribute.Info::info);
        Optional<MacAddress> mac = find(LinkAttribute.HardwareAddress.class)
                .map(LinkAttribute.HardwareAddress::bytes)
                .filter(b -> b.length == 6)
                .map(MacAddress::of);
        OptionalInt netnsId = find(LinkAttribute.LinkNetnsId.class).map(id -> OptionalInt.of(id.id())).orElse(OptionalInt.empty());
        // devices without a parent report their own index as IFLA_LINK; an index in another
        // namespace (IFLA_LINK_NETNSID present) may equal ours by coincidence
        return new Link(header.index(),
                name().orElse(""),
                info.flatMap(LinkInfo::kind),
                header.flags(),
                Rtnl.operState(find(LinkAttribute.OperState.class).map(LinkAttribute.OperState::state).orElse(0)),
                find(LinkAttribute.Mtu.class).map(LinkAttribute.Mtu::mtu).orElse(0),
                mac,
                optionalIndex(find(LinkAttribute.Master.class).map(LinkAttribute.Master::index)),
                optionalIndex(find(LinkAttribute.Link.class).map(LinkAttribute.Link::index)
                        .filter(i -> netnsId.isPresent() || i != header.index())),
                netnsId);
    }

    private static OptionalInt optionalIndex(Optional<Integer> index) {
        return index.filter(i -> i > 0).map(OptionalInt::of).orElse(OptionalInt.empty());
    }
}
