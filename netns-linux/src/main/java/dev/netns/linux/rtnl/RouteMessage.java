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
        for (RouteAttribute a : attributes) {
            if (type.isInstance(a)) {
                return Optional.of(type.cast(a));
            }
        }
        return Optional.empty(); // a loop rather than a stream: decoding runs interpreted in a fresh JVM
    }

    /** The table: {@code RTA_TABLE} when present, else {@code rtm_table}. */
    public int table() {
        Optional<RouteAttribute.Table> table = find(RouteAttribute.Table.class);
        return table.isPresent() ? table.get().table() : header.table();
    }

    /** The public view. */
    public Route toRoute() {
        Optional<RouteAttribute.Destination> dst = find(RouteAttribute.Destination.class);
        Optional<RouteAttribute.Gateway> gateway = find(RouteAttribute.Gateway.class);
        Optional<RouteAttribute.OutputInterface> out = find(RouteAttribute.OutputInterface.class);
        return new Route(new IpPrefix(dst.isPresent() ? dst.get().address() : zero(header.family()), header.dstLength()),
                gateway.isPresent() ? Optional.of(gateway.get().address()) : Optional.empty(),
                out.isPresent() ? OptionalInt.of(out.get().index()) : OptionalInt.empty(),
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
