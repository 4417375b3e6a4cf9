package dev.netns.linux.rtnl;

import dev.netns.IpPrefix;
import dev.netns.Route;
import dev.netns.linux.netlink.Attribute;
import dev.netns.linux.netlink.AttributeWriter;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** A route message ({@code RTM_NEWROUTE}, {@code RTM_DELROUTE}, {@code RTM_GETROUTE}): an {@code rtmsg} and typed attributes. */
public record RouteMessage(RtMsg header, List<RouteAttribute> attributes) {

    public RouteMessage {
        attributes = List.copyOf(attributes);
    }

    public byte[] toBytes() {
        AttributeWriter out = new AttributeWriter().raw(header.toBytes());
        for (RouteAttribute a : attributes) {
            a.writeTo(out);
        }
        return out.toByteArray();
    }

    public static RouteMessage decode(ByteBuffer body, String context) {
        ByteBuffer in = body.slice().order(ByteOrder.nativeOrder());
        RtMsg header = RtMsg.read(in, context);
        List<RouteAttribute> attrs = new ArrayList<>();
        for (Attribute a : Attribute.parseAll(in, context)) {
            attrs.add(RouteAttribute.decode(a));
        }
        return new RouteMessage(header, attrs);
    }

    public <T extends RouteAttribute> Optional<T> find(Class<T> type) {
        return attributes.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** The table: {@code RTA_TABLE} when present, else {@code rtm_table}. */
    public int table() {
        return find(RouteAttribute.Table.class).map(RouteAttribute.Table::table).orElse(header.table());
    }

    /** The public view. */
    public Route toRoute() {
        InetAddress dst = find(RouteAttribute.Destination.class).map(RouteAttribute.Destination::address)
                .orElseGet(() -> zero(header.family()));
        return new Route(new IpPrefix(dst, header.dstLength()),
                find(RouteAttribute.Gateway.class).map(RouteAttribute.Gateway::address),
                find(RouteAttribute.OutputInterface.class).map(o -> OptionalInt.of(o.index())).orElse(OptionalInt.empty()),
                table(), header.protocol(), header.scope(), header.type());
    }

    private static InetAddress zero(int family) {
        try {
            return InetAddress.getByAddress(new byte[family == Rtnl.AF_INET6 ? 16 : 4]);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
