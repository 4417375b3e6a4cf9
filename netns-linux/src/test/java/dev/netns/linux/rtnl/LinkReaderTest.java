package dev.netns.linux.rtnl;

import dev.netns.Bridge;
import dev.netns.Link;
import dev.netns.Macvlan;
import dev.netns.VethPair;
import dev.netns.linux.netlink.MalformedMessageException;
import dev.netns.linux.netlink.NetlinkMessage;
import dev.netns.linux.netlink.NetlinkRequest;
import dev.netns.linux.ns.LinuxNetworkNamespace;
import dev.netns.linux.testing.KernelTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

import static dev.netns.linux.rtnl.KernelFixture.ipLink;
import static dev.netns.linux.rtnl.KernelFixture.linkInfo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link LinkReader} against the full decoder on real kernel messages, the {@code Link} of an echoed
 * create against {@code ip -j -d link}, and malformed input.
 */
@KernelTest
class LinkReaderTest {
    private final KernelFixture fixture = new KernelFixture();

    @AfterEach
    void cleanUp() {
        fixture.close();
    }

    @Test
    void readsTheSameLinkAsTheFullDecoderForEveryKindInADump() throws Exception {
        LinuxNetworkNamespace ns = fixture.namespace("reader");
        LinuxNetworkNamespace other = fixture.namespace("readerpeer");
        Bridge.builder().name("br0").mtu(1400).up(true).create(ns);
        VethPair.builder().name("v0").peerName("v1").create(ns);
        ns.links().setMaster("v0", "br0");
        VethPair.builder().name("x0").peerName("eth0").peerNamespace(other).create(ns);
        Macvlan.builder().name("mv0").parent("v1").mode(Macvlan.Mode.BRIDGE).create(ns);

        NetlinkRequest dump = LinkRequests.dump();
        List<NetlinkMessage> replies = ns.netlinkViews().connection().dump(dump);
        int links = 0;
        for (NetlinkMessage m : replies) {
            if (m.type() == Rtnl.RTM_NEWLINK) {
                Link full = LinkMessage.decode(m.payloadBuffer(), "full").toLink();
                assertEquals(full, LinkReader.read(m.payloadBuffer(), "lean"), full.name());
                links++;
            }
        }
        assertTrue(links >= 6, "lo, br0, v0, v1, x0 and mv0 at least (fallback tunnel devices if their modules are loaded): " + links);
    }

    @Test
    void anEchoedCreateReturnsWhatTheKernelReports() throws Exception {
        LinuxNetworkNamespace ns = fixture.namespace("echo");
        LinuxNetworkNamespace other = fixture.namespace("echopeer");
        Link end = ns.links().create(VethPair.builder().name("e0").peerName("eth0").peerNamespace(other).build());
        Map<String, Object> witness = ipLink(ns, "e0");
        assertEquals(((Number) witness.get("ifindex")).intValue(), end.index());
        assertEquals(witness.get("address"), end.mac().orElseThrow().toString());
        assertEquals(((Number) witness.get("mtu")).intValue(), end.mtu());
        assertEquals(linkInfo(witness).get("info_kind"), end.kind().orElseThrow());
        assertTrue(end.linkNetnsId().isPresent(), "the peer lives in another namespace");
        assertEquals(ns.links().get("e0"), end, "the echo and a fetch agree");

        Link br = Bridge.builder().name("br1").create(ns);
        assertEquals(ns.links().get("br1"), br);
    }

    @Test
    void malformedAttributesNameWhatWasRead() {
        ByteBuffer body = ByteBuffer.allocate(IfInfoMsg.SIZE + 8).order(ByteOrder.nativeOrder());
        body.put(IfInfoMsg.empty().withIndex(3).toBytes());
        body.putShort((short) 12).putShort((short) LinkAttribute.IFLA_MTU).putInt(1500); // claims 12, has 8
        body.flip();
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> LinkReader.read(body, "RTM_NEWLINK x"));
        assertTrue(e.getMessage().startsWith("RTM_NEWLINK x: truncated attribute at offset 16"), e.getMessage());

        ByteBuffer shortMtu = ByteBuffer.allocate(IfInfoMsg.SIZE + 8).order(ByteOrder.nativeOrder());
        shortMtu.put(IfInfoMsg.empty().withIndex(3).toBytes());
        shortMtu.putShort((short) 6).putShort((short) LinkAttribute.IFLA_MTU).putShort((short) 1).putShort((short) 0);
        shortMtu.flip();
        e = assertThrows(MalformedMessageException.class, () -> LinkReader.read(shortMtu, "RTM_NEWLINK y"));
        assertEquals("RTM_NEWLINK y, IFLA_MTU: value of 2 bytes, need 4", e.getMessage());
    }
}
