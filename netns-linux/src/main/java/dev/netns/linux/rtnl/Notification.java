package dev.netns.linux.rtnl;

import dev.netns.Address;
import dev.netns.IpPrefix;
import dev.netns.Link;
import dev.netns.MacAddress;
import dev.netns.Neighbor;
import dev.netns.NetworkEvent;
import dev.netns.Route;

import java.net.InetAddress;
import java.util.Optional;

/**
 * One object an rtnetlink notification or dump entry is about, typed: what it is, its identity
 * ({@link #key()}) and whether the message said it went away. Made by {@link Notifications#decode};
 * a watch keeps the latest per key.
 */
public sealed interface Notification {

    /** Which kind of watch reports it. */
    NetworkEvent.Kind kind();

    /** The object's identity: equal keys are the same kernel object, whatever their other fields. */
    Object key();

    /** Whether the message removed the object ({@code RTM_DEL*}). */
    boolean removed();

    /** The public event for this object. */
    NetworkEvent toEvent(NetworkEvent.Action action);

    /** A link, identified by its index. */
    record OfLink(boolean removed, Link link) implements Notification {
        @Override
        public NetworkEvent.Kind kind() {
            return NetworkEvent.Kind.LINK;
        }

        @Override
        public Object key() {
            return link.index();
        }

        @Override
        public NetworkEvent toEvent(NetworkEvent.Action action) {
            return new NetworkEvent.LinkEvent(action, link);
        }
    }

    /** An address, identified by link, address and prefix length (as the kernel does). */
    record OfAddress(boolean removed, Address address) implements Notification {
        record Key(int linkIndex, IpPrefix prefix) {
        }

        @Override
        public NetworkEvent.Kind kind() {
            return NetworkEvent.Kind.ADDRESS;
        }

        @Override
        public Object key() {
            return new Key(address.linkIndex(), address.prefix());
        }

        @Override
        public NetworkEvent toEvent(NetworkEvent.Action action) {
            return new NetworkEvent.AddressEvent(action, address);
        }
    }

    /**
     * A route of the main table. Its identity is all of it plus the metric and TOS the public
     * {@link Route} does not show; {@link #slot()} is what {@code NLM_F_REPLACE} replaces in (the
     * kernel's lookup key: family, table, destination, TOS, metric).
     *
     * @param replace  the notification carried {@code NLM_F_REPLACE}: it replaced every route in its slot
     * @param priority {@code RTA_PRIORITY}, the metric
     * @param tos      {@code rtm_tos}
     */
    record OfRoute(boolean removed, boolean replace, Route route, int priority, int tos) implements Notification {
        record Key(Route route, int priority, int tos) {
        }

        /** Where a route lives in its table; a replace displaces every route of the same slot. */
        public record Slot(int table, IpPrefix destination, int tos, int priority) {
        }

        public Slot slot() {
            return new Slot(route.table(), route.destination(), tos, priority);
        }

        @Override
        public NetworkEvent.Kind kind() {
            return NetworkEvent.Kind.ROUTE;
        }

        @Override
        public Object key() {
            return new Key(route, priority, tos);
        }

        @Override
        public NetworkEvent toEvent(NetworkEvent.Action action) {
            return new NetworkEvent.RouteEvent(action, route);
        }
    }

    /**
     * A neighbour: an IP neighbour is identified by link and address; a forwarding entry by link,
     * hardware address, remote address and whether it is the device's own or its master's.
     */
    record OfNeighbor(boolean removed, Neighbor neighbor) implements Notification {
        record Key(Neighbor.Kind kind, int linkIndex, Optional<InetAddress> address, Optional<MacAddress> mac, int table) {
        }

        @Override
        public NetworkEvent.Kind kind() {
            return NetworkEvent.Kind.NEIGHBOR;
        }

        @Override
        public Object key() {
            boolean ip = neighbor.kind() == Neighbor.Kind.IP;
            return new Key(neighbor.kind(), neighbor.linkIndex(), neighbor.address(),
                    ip ? Optional.empty() : neighbor.macAddress(),
                    ip ? 0 : neighbor.flags() & (Neighbor.NTF_SELF | Neighbor.NTF_MASTER));
        }

        @Override
        public NetworkEvent toEvent(NetworkEvent.Action action) {
            return new NetworkEvent.NeighborEvent(action, neighbor);
        }
    }
}
