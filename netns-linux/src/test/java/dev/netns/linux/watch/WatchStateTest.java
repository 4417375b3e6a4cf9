package dev.netns.linux.watch;

import dev.netns.NetworkEvent;
import dev.netns.NetworkEvent.Action;
import dev.netns.linux.netlink.Netlink;
import dev.netns.linux.netlink.NetlinkMessage;
import dev.netns.linux.rtnl.Notification;
import dev.netns.linux.rtnl.Notifications;
import dev.netns.linux.rtnl.Rtnl;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The watch's cache: only what changes it becomes an event; replaces and silent flushes handled. */
class WatchStateTest {

    private static Notification decode(NetlinkMessage m) {
        return Notifications.decode(m).orElseThrow();
    }

    private static Notification link(int type, int index, int flags, int mtu) {
        return decode(Messages.notification(type, Messages.link(Rtnl.AF_UNSPEC, index, "eth" + index, flags, mtu)));
    }

    private static Notification route(int type, int nlFlags, String dst, int oif) {
        return decode(Messages.framed(type, nlFlags, 0, 0, Messages.route(dst, 254, 0, oif)));
    }

    private static List<Action> actions(List<NetworkEvent> events) {
        return events.stream().map(e -> switch (e) {
            case NetworkEvent.LinkEvent l -> l.action();
            case NetworkEvent.RouteEvent r -> r.action();
            default -> throw new AssertionError(e);
        }).toList();
    }

    @Test
    void onlyWhatChangesTheStateIsAnEvent() {
        WatchState s = new WatchState(EnumSet.of(NetworkEvent.Kind.LINK));
        assertEquals(List.of(Action.ADDED), actions(s.apply(link(Rtnl.RTM_NEWLINK, 2, 1, 1500))));
        assertEquals(List.of(), s.apply(link(Rtnl.RTM_NEWLINK, 2, 1, 1500)), "a repeat is no change");
        assertEquals(List.of(Action.CHANGED), actions(s.apply(link(Rtnl.RTM_NEWLINK, 2, 1, 1400))));
        assertEquals(List.of(Action.CHANGED), actions(s.apply(link(Rtnl.RTM_NEWLINK, 2, 0, 1400))));
        assertEquals(List.of(Action.REMOVED), actions(s.apply(link(Rtnl.RTM_DELLINK, 2, 0, 1400))));
        assertEquals(List.of(), s.apply(link(Rtnl.RTM_DELLINK, 2, 0, 1400)), "removing the unknown is no change");
        assertEquals(List.of(), s.apply(route(Rtnl.RTM_NEWROUTE, 0, "10.0.0.0/24", 2)), "kinds not watched are ignored");
    }

    @Test
    void aRouteReplaceDisplacesTheRoutesOfItsSlot() {
        WatchState s = new WatchState(EnumSet.of(NetworkEvent.Kind.ROUTE));
        s.apply(route(Rtnl.RTM_NEWROUTE, 0, "10.0.0.0/24", 2));
        s.apply(route(Rtnl.RTM_NEWROUTE, 0, "10.1.0.0/24", 2));
        List<NetworkEvent> events = s.apply(route(Rtnl.RTM_NEWROUTE, Netlink.NLM_F_REPLACE, "10.0.0.0/24", 3));
        assertEquals(List.of(Action.REMOVED, Action.ADDED), actions(events));
        assertEquals(2, s.snapshot().size());
    }

    @Test
    void aLinkGoingDownMakesTheRoutesStale() {
        WatchState s = new WatchState(EnumSet.of(NetworkEvent.Kind.ROUTE));
        s.apply(link(Rtnl.RTM_NEWLINK, 2, 1, 1500));
        assertFalse(s.routesStale());
        s.apply(link(Rtnl.RTM_NEWLINK, 2, 0, 1500));
        assertTrue(s.routesStale(), "the kernel flushes IPv4 routes of a link going down without a notification");
    }

    @Test
    void messagesAWatchDoesNotReportDecodeToNothing() {
        assertEquals(Optional.empty(), Notifications.decode(Messages.notification(Rtnl.RTM_NEWROUTE,
                Messages.route("10.0.0.1/32", 255, 0, 2))), "the local table");
        assertEquals(Optional.empty(), Notifications.decode(Messages.notification(Rtnl.RTM_NEWROUTE,
                Messages.route("fd00::1/128", 254, 0x200, 2))), "a cached (RTM_F_CLONED) route");
        assertEquals(Optional.empty(), Notifications.decode(Messages.notification(Rtnl.RTM_NEWLINK,
                Messages.link(Rtnl.AF_BRIDGE, 2, "eth0", 1, 1500))), "a bridge port's settings");
        Notification.OfRoute r = (Notification.OfRoute) route(Rtnl.RTM_DELROUTE, 0, "10.0.0.0/24", 2);
        assertTrue(r.removed());
        assertFalse(r.replace());
    }
}
