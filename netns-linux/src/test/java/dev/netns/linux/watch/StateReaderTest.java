package dev.netns.linux.watch;

import dev.netns.Link;
import dev.netns.NetnsException;
import dev.netns.NetworkEvent;
import dev.netns.linux.rtnl.Notification;
import dev.netns.linux.rtnl.Rtnl;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.netns.linux.watch.Messages.done;
import static dev.netns.linux.watch.Messages.link;
import static dev.netns.linux.watch.Messages.notification;
import static dev.netns.linux.watch.Messages.reply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * List-then-watch on one socket, with the kernel's side scripted byte by byte: a notification that
 * arrived before its object's dump entry is contained in the snapshot and dropped, one that arrived
 * after is applied; an interrupted dump is read again and, interrupted every time, fails clearly.
 */
class StateReaderTest {
    private static final Set<NetworkEvent.Kind> LINKS = EnumSet.of(NetworkEvent.Kind.LINK);

    private static Map<Object, Notification> links(StateReader.Reading r) {
        return r.objects().get(NetworkEvent.Kind.LINK);
    }

    private static int mtu(StateReader.Reading r, int index) {
        return ((Notification.OfLink) links(r).get(index)).link().mtu();
    }

    @Test
    void aNotificationOlderThanTheDumpEntryIsContainedInTheSnapshot() throws Exception {
        var socket = new ScriptedSocket((request, seq) -> List.of(
                List.of(notification(Rtnl.RTM_NEWLINK, link(2, "eth0", 1400))),
                List.of(reply(seq, Rtnl.RTM_NEWLINK, link(1, "lo", 65536), false),
                        reply(seq, Rtnl.RTM_NEWLINK, link(2, "eth0", 1500), false)),
                List.of(done(seq))));
        StateReader.Reading r = new StateReader(socket, "t").read(LINKS);
        assertEquals(1500, mtu(r, 2), "the dump entry came after the notification: it is the newer state");
        assertEquals(List.of(1, 2), List.copyOf(links(r).keySet()));
    }

    @Test
    void aNotificationNewerThanTheDumpEntryIsApplied() throws Exception {
        var socket = new ScriptedSocket((request, seq) -> List.of(
                List.of(reply(seq, Rtnl.RTM_NEWLINK, link(2, "eth0", 1500), false)),
                List.of(notification(Rtnl.RTM_NEWLINK, link(2, "eth0", 1400)),
                        notification(Rtnl.RTM_NEWLINK, link(3, "eth1", 1500)),
                        notification(Rtnl.RTM_DELLINK, link(3, "eth1", 1500)),
                        notification(Rtnl.RTM_NEWLINK, link(4, "eth2", 9000))),
                List.of(reply(seq, Rtnl.RTM_NEWLINK, link(4, "eth2", 9000), false), done(seq))));
        StateReader.Reading r = new StateReader(socket, "t").read(LINKS);
        assertEquals(1400, mtu(r, 2));
        assertEquals(Set.of(2, 4), links(r).keySet(), "eth1 came and went before the end of the dump");
    }

    @Test
    void notificationsOfKindsNotReadAreHandedBackInOrder() throws Exception {
        var socket = new ScriptedSocket((request, seq) -> List.of(
                List.of(notification(Rtnl.RTM_NEWLINK, link(7, "x", 1500)), reply(seq, Rtnl.RTM_NEWROUTE,
                        Messages.route("10.0.0.0/24", 254, 0, 7), false)),
                List.of(done(seq))));
        StateReader.Reading r = new StateReader(socket, "t").read(EnumSet.of(NetworkEvent.Kind.ROUTE));
        assertEquals(2, socket.dumps.size(), "IPv4 and IPv6 routes");
        assertEquals(1, r.objects().get(NetworkEvent.Kind.ROUTE).size());
        assertEquals(List.of(7, 7), r.others().stream().map(n -> ((Notification.OfLink) n).link().index()).toList(),
                "one link notification per route dump, both handed back");
    }

    @Test
    void anInterruptedDumpIsReadAgain() throws Exception {
        int[] calls = {0};
        var socket = new ScriptedSocket((request, seq) -> List.of(
                List.of(reply(seq, Rtnl.RTM_NEWLINK, link(2, "eth0", 1500), calls[0]++ == 0), done(seq))));
        StateReader.Reading r = new StateReader(socket, "t").read(LINKS);
        assertEquals(2, socket.dumps.size());
        assertEquals(1500, mtu(r, 2));
    }

    @Test
    void lostNotificationsDuringTheDumpMakeItReadAgain() throws Exception {
        int[] calls = {0};
        var socket = new ScriptedSocket((request, seq) -> calls[0]++ == 0
                ? List.of(List.of(), List.of(reply(seq, Rtnl.RTM_NEWLINK, link(2, "eth0", 1500), false)), List.of(done(seq)))
                : List.of(List.of(reply(seq, Rtnl.RTM_NEWLINK, link(2, "eth0", 1300), false), done(seq))));
        StateReader.Reading r = new StateReader(socket, "t").read(LINKS);
        assertEquals(2, socket.dumps.size());
        assertEquals(1300, mtu(r, 2));
    }

    @Test
    void aDumpInterruptedEveryTimeFailsNamingTheCause() {
        var socket = new ScriptedSocket((request, seq) -> List.of(
                List.of(reply(seq, Rtnl.RTM_NEWLINK, link(2, "eth0", 1500), true), done(seq))));
        NetnsException e = assertThrows(NetnsException.class, () -> new StateReader(socket, "ns1").read(LINKS));
        assertEquals(StateReader.ATTEMPTS, socket.dumps.size());
        assertTrue(e.getMessage().contains("no consistent snapshot in " + StateReader.ATTEMPTS + " attempts"), e.getMessage());
        assertTrue(e.getMessage().contains("NLM_F_DUMP_INTR"), e.getMessage());
        assertTrue(e.getMessage().contains("ns1"), e.getMessage());
    }

    @Test
    void repliesToAnEarlierDumpAreNotTakenForNotifications() throws Exception {
        var socket = new ScriptedSocket((request, seq) -> List.of(
                List.of(reply(seq - 1, Rtnl.RTM_NEWLINK, link(9, "stale", 1500), false)),
                List.of(reply(seq, Rtnl.RTM_NEWLINK, link(2, "eth0", 1500), false), done(seq))));
        StateReader.Reading r = new StateReader(socket, "t").read(LINKS);
        assertEquals(Set.of(2), links(r).keySet());
    }

    @Test
    void bridgePortMessagesAreNotLinks() throws Exception {
        var socket = new ScriptedSocket((request, seq) -> List.of(
                List.of(reply(seq, Rtnl.RTM_NEWLINK, link(2, "eth0", 1500), false),
                        notification(Rtnl.RTM_DELLINK, link(Rtnl.AF_BRIDGE, 2, "eth0", Link.IFF_UP, 1500)), done(seq))));
        StateReader.Reading r = new StateReader(socket, "t").read(LINKS);
        assertEquals(Set.of(2), links(r).keySet(), "an AF_BRIDGE RTM_DELLINK only says the port left its bridge");
    }

}
