package dev.netns.linux.watch;

import dev.netns.Address;
import dev.netns.Link;
import dev.netns.NetworkEvent;
import dev.netns.Route;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a subscriber knows after replaying its events, the way the {@link NetworkEvent} Javadoc
 * says to: put on EXISTING/ADDED/CHANGED, remove on REMOVED, clear on Overrun. Rendered as sorted
 * strings ({@link #links()}, ...) in the same format as {@link KernelState} renders {@code ip -j}.
 * Thread-safe.
 */
final class Replica {
    private final Map<Integer, Link> links = new HashMap<>();
    private final Map<String, Address> addresses = new HashMap<>();
    private final Map<Route, Integer> routes = new HashMap<>();

    synchronized void apply(NetworkEvent event) {
        switch (event) {
            case NetworkEvent.Overrun o -> {
                links.clear();
                addresses.clear();
                routes.clear();
            }
            case NetworkEvent.LinkEvent(var action, var link) -> {
                if (action == NetworkEvent.Action.REMOVED) {
                    links.remove(link.index());
                } else {
                    links.put(link.index(), link);
                }
            }
            case NetworkEvent.AddressEvent(var action, var address) -> {
                String key = address.linkIndex() + " " + address.prefix();
                if (action == NetworkEvent.Action.REMOVED) {
                    addresses.remove(key);
                } else {
                    addresses.put(key, address);
                }
            }
            case NetworkEvent.RouteEvent(var action, var route) ->
                    routes.merge(route, action == NetworkEvent.Action.REMOVED ? -1 : 1, (a, b) -> a + b == 0 ? null : a + b);
            default -> { }
        }
    }

    synchronized TreeSet<String> links() {
        Map<Integer, String> names = new TreeMap<>();
        links.values().forEach(l -> names.put(l.index(), l.name()));
        TreeSet<String> out = new TreeSet<>();
        for (Link l : links.values()) {
            String master = l.masterIndex().isPresent() ? names.getOrDefault(l.masterIndex().getAsInt(), "?") : "-";
            out.add(KernelState.link(l.index(), l.name(), l.isUp(), l.mtu(), master));
        }
        return out;
    }

    synchronized TreeSet<String> addresses() {
        TreeSet<String> out = new TreeSet<>();
        addresses.values().forEach(a -> out.add(KernelState.address(a.linkIndex(), a.prefix().address().getHostAddress(),
                a.prefix().prefixLength())));
        return out;
    }

    synchronized TreeSet<String> routes() {
        TreeSet<String> out = new TreeSet<>();
        routes.forEach((r, count) -> {
            for (int i = 0; i < count; i++) {
                out.add(KernelState.route(r.destination().address().getHostAddress(), r.destination().prefixLength(),
                        r.gateway().map(g -> g.getHostAddress()).orElse("-"),
                        r.outputIndex().isPresent() ? r.outputIndex().getAsInt() : 0) + (i > 0 ? " #" + i : ""));
            }
        });
        return out;
    }
}
