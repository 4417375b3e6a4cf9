package dev.netns.linux.rtnl;

import dev.netns.linux.netlink.Attribute;
import dev.netns.linux.netlink.AttributeWriter;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * veth's {@code IFLA_INFO_DATA} ({@code <linux/veth.h>}): {@code VETH_INFO_PEER}, which holds a
 * whole {@code ifinfomsg} plus link attributes describing the peer, including
 * {@code IFLA_NET_NS_FD} to create the peer directly in another namespace with its final name.
 * The kernel sends no veth data in dumps; this is mostly a request-side structure.
 *
 * @param peer   the peer's description
 * @param others other attributes, kept
 */
record VethData(Optional<LinkMessage> peer, List<Attribute> others) implements LinkInfoData {
    public static final String KIND = "veth";
    public static final int VETH_INFO_PEER = 1;

    public VethData {
        others = List.copyOf(others);
    }

    public static VethData ofPeer(LinkMessage peer) {
        return new VethData(Optional.of(peer), List.of());
    }

    public void writeContents(AttributeWriter out) {
        if (peer.isPresent()) {
            int nest = out.beginNested(VETH_INFO_PEER);
            out.raw(peer.get().toBytes());
            out.endNested(nest);
        }
        for (Attribute a : others) {
            a.writeTo(out);
        }
    }

    static VethData decode(Attribute data) {
        Optional<LinkMessage> peer = Optional.empty();
        List<Attribute> others = new ArrayList<>();
        for (Attribute a : data.nested("IFLA_INFO_DATA (veth)")) {
            if (a.type() == VETH_INFO_PEER) {
                peer = Optional.of(LinkMessage.decode(ByteBuffer.wrap(a.value()), "VETH_INFO_PEER"));
            } else {
                others.add(a);
            }
        }
        return new VethData(peer, others);
    }
}
