package dev.netns;

import java.util.Objects;

/**
 * One thing a {@link NetworkWatch} reports about its namespace: an object that exists, appeared,
 * changed or went away, or an {@link Overrun} that invalidates what came before.
 *
 * <p>Every subscriber first gets the objects that exist ({@link Action#EXISTING}), then changes.
 * After an {@link Overrun} the subscriber forgets what it knew: a complete, fresh
 * {@code EXISTING} snapshot follows, then changes again. Replaying the events in order onto a map
 * (put on {@code EXISTING}/{@code ADDED}/{@code CHANGED}, remove on {@code REMOVED}, clear on
 * {@code Overrun}) always yields the namespace's state.
 *
 * {@snippet :
 * switch (event) {
 *     case NetworkEvent.LinkEvent(var action, var link) when link.isUp() -> System.out.println(link.name() + " up");
 *     case NetworkEvent.Overrun() -> state.clear();
 *     default -> { }
 * }
 * }
 */
public sealed interface NetworkEvent {

    /** What a watch can report, each a group of rtnetlink multicast notifications. */
    enum Kind {
        /** Network interfaces ({@code RTNLGRP_LINK}), as {@code ip monitor link}. */
        LINK,
        /** IPv4 and IPv6 addresses ({@code RTNLGRP_IPV4_IFADDR}, {@code RTNLGRP_IPV6_IFADDR}), as {@code ip monitor address}. */
        ADDRESS,
        /** Routes of the main table, IPv4 and IPv6 ({@code RTNLGRP_IPV4_ROUTE}, {@code RTNLGRP_IPV6_ROUTE}), as {@code ip monitor route}. */
        ROUTE,
        /** Neighbour and forwarding entries ({@code RTNLGRP_NEIGH}), as {@code ip monitor neigh}. */
        NEIGHBOR
    }

    /** What happened to the object an event carries. */
    enum Action {
        /** Part of a snapshot: the object existed when the watch (or, after an {@link Overrun}, the resync) looked. */
        EXISTING,
        /** The object appeared. */
        ADDED,
        /**
         * The object is still there with other properties: for a link its flags, operational state,
         * MTU, master, name or hardware address; for an address its flags; for a neighbour its state,
         * flags or hardware address. Routes are identified by all their fields, so a route that
         * changes (e.g. {@code ip route replace}) is reported as {@code REMOVED} then {@code ADDED}.
         */
        CHANGED,
        /** The object went away; the event carries its last known value. */
        REMOVED
    }

    /** A network interface, identified by {@link Link#index()}. */
    record LinkEvent(Action action, Link link) implements NetworkEvent {
        public LinkEvent {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(link, "link");
        }
    }

    /** An address, identified by its link index, address and prefix length. */
    record AddressEvent(Action action, Address address) implements NetworkEvent {
        public AddressEvent {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(address, "address");
        }
    }

    /** A route of the main table. */
    record RouteEvent(Action action, Route route) implements NetworkEvent {
        public RouteEvent {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(route, "route");
        }
    }

    /**
     * An IP neighbour ({@code ip neigh}), identified by link and address, or a forwarding-database
     * entry ({@code bridge fdb}), identified by link, hardware address, remote address and table
     * ({@code self}/{@code master}).
     */
    record NeighborEvent(Action action, Neighbor neighbor) implements NetworkEvent {
        public NeighborEvent {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(neighbor, "neighbor");
        }
    }

    /**
     * Events were lost: the kernel dropped notifications (its socket buffer overflowed,
     * {@code ENOBUFS}) or this subscriber fell more than its buffer behind. Forget the state built
     * so far; a complete {@link Action#EXISTING} snapshot follows.
     */
    record Overrun() implements NetworkEvent {
    }
}
