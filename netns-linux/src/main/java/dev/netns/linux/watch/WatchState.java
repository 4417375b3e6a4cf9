package dev.netns.linux.watch;

import dev.netns.NetworkEvent;
import dev.netns.NetworkEvent.Action;
import dev.netns.linux.rtnl.Notification;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a watch knows exists, per kind and key: the informer's cache. Notifications are applied to
 * it, and only what changes it becomes an event, so a notification repeating what is known is
 * dropped. Not thread-safe; the watch guards it.
 *
 * <p>The kernel removes IPv4 routes without a notification when their link goes down or away, or
 * when the address they use as source goes (it flushes them). Such notifications mark the routes
 * {@linkplain #routesStale() stale}: the watch then reads the routes again and reports the
 * difference.
 */
final class WatchState {
    private final Set<NetworkEvent.Kind> kinds;
    private final Map<NetworkEvent.Kind, LinkedHashMap<Object, Notification>> tables = new EnumMap<>(NetworkEvent.Kind.class);
    private boolean routesStale;

    WatchState(Set<NetworkEvent.Kind> kinds) {
        this.kinds = Set.copyOf(kinds);
        kinds.forEach(k -> tables.put(k, new LinkedHashMap<>()));
    }

    /** Applies a live notification; returns the events it causes (none when it repeats what is known). */
    List<NetworkEvent> apply(Notification n) {
        noteFlushes(n);
        LinkedHashMap<Object, Notification> table = tables.get(n.kind());
        if (table == null) {
            return List.of();
        }
        List<NetworkEvent> out = new ArrayList<>(1);
        Notification old = table.get(n.key());
        if (n.removed()) {
            if (old != null) {
                table.remove(n.key());
                out.add(old.toEvent(Action.REMOVED));
            }
            return out;
        }
        for (Notification d : displaced(table, n, key -> true)) {
            table.remove(d.key());
            out.add(d.toEvent(Action.REMOVED));
        }
        table.put(n.key(), n);
        if (old == null) {
            out.add(n.toEvent(Action.ADDED));
        } else if (!old.toEvent(Action.CHANGED).equals(n.toEvent(Action.CHANGED))) {
            out.add(n.toEvent(Action.CHANGED));
        }
        return out;
    }

    /**
     * Applies {@code n} to a table without events (while a snapshot is merged). A route replace
     * displaces only the routes {@code displaceable} allows (those older than the replace).
     */
    static void applyTo(Map<Object, Notification> table, Notification n, Predicate<Object> displaceable) {
        if (n.removed()) {
            table.remove(n.key());
            return;
        }
        displaced(table, n, displaceable).forEach(d -> table.remove(d.key()));
        table.put(n.key(), n);
    }

    /** The routes a replacing route notification pushes out of its slot. */
    private static List<Notification> displaced(Map<Object, Notification> table, Notification n, Predicate<Object> eligible) {
        if (!(n instanceof Notification.OfRoute route) || !route.replace()) {
            return List.of();
        }
        return table.values().stream()
                .filter(o -> o instanceof Notification.OfRoute other && other.slot().equals(route.slot())
                        && !other.key().equals(route.key()) && eligible.test(other.key()))
                .toList();
    }

    private void noteFlushes(Notification n) {
        if (!kinds.contains(NetworkEvent.Kind.ROUTE)) {
            return;
        }
        switch (n) {
            case Notification.OfLink l when l.removed() || !l.link().isUp() -> routesStale = true;
            case Notification.OfAddress a when a.removed() && a.address().prefix().isIpv4() -> routesStale = true;
            default -> { }
        }
    }

    /** Whether IPv4 routes may have been flushed silently since the routes were last read. */
    boolean routesStale() {
        return routesStale;
    }

    /** Every known object as {@code EXISTING}, links first, then addresses, routes, neighbours. */
    List<NetworkEvent> snapshot() {
        List<NetworkEvent> out = new ArrayList<>();
        tables.values().forEach(t -> t.values().forEach(n -> out.add(n.toEvent(Action.EXISTING))));
        return out;
    }

    /** Replaces what is known of the kinds read with a fresh reading (after lost notifications). */
    void reset(StateReader.Reading reading) {
        reading.objects().forEach((kind, objects) -> tables.put(kind, new LinkedHashMap<>(objects)));
        if (reading.objects().containsKey(NetworkEvent.Kind.ROUTE)) {
            routesStale = false;
        }
    }

    /** Brings the kinds read up to a fresh reading; returns the differences as events. */
    List<NetworkEvent> reconcile(StateReader.Reading reading) {
        List<NetworkEvent> out = new ArrayList<>();
        reading.objects().forEach((kind, fresh) -> {
            LinkedHashMap<Object, Notification> table = tables.get(kind);
            for (Notification old : List.copyOf(table.values())) {
                if (!fresh.containsKey(old.key())) {
                    table.remove(old.key());
                    out.add(old.toEvent(Action.REMOVED));
                }
            }
            for (Notification n : fresh.values()) {
                Notification old = table.put(n.key(), n);
                if (old == null) {
                    out.add(n.toEvent(Action.ADDED));
                } else if (!old.toEvent(Action.CHANGED).equals(n.toEvent(Action.CHANGED))) {
                    out.add(n.toEvent(Action.CHANGED));
                }
            }
        });
        if (reading.objects().containsKey(NetworkEvent.Kind.ROUTE)) {
            routesStale = false;
        }
        return out;
    }
}
