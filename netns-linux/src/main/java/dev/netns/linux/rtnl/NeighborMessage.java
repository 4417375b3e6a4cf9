package dev.netns.linux.rtnl;

import dev.netns.MacAddress;
import dev.netns.Neighbor;
import dev.netns.linux.netlink.Attribute;
import dev.netns.linux.netlink.AttributeWriter;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A neighbour or forwarding-database message ({@code RTM_NEWNEIGH}, {@code RTM_DELNEIGH},
 * {@code RTM_GETNEIGH}): an {@code ndmsg} and typed attributes. {@code ndm_family} tells the two
 * apart: {@code AF_BRIDGE} for forwarding entries, an IP family for neighbours. Also the body of
 * the neighbour notifications of the {@code RTNLGRP_NEIGH} multicast group.
 */
record NeighborMessage(NdMsg header, List<NeighborAttribute> attributes) {

    public NeighborMessage {
        attributes = List.copyOf(attributes);
    }

    public byte[] toBytes() {
        AttributeWriter out = new AttributeWriter().raw(header.toBytes());
        for (NeighborAttribute a : attributes) {
            a.writeTo(out);
        }
        return out.toByteArray();
    }

    /** Decodes a message body (the bytes after the {@code nlmsghdr}); {@code context} names it in failures. */
    public static NeighborMessage decode(ByteBuffer body, String context) {
        ByteBuffer in = body.slice().order(ByteOrder.nativeOrder());
        NdMsg header = NdMsg.read(in, context);
        List<NeighborAttribute> attrs = new ArrayList<>();
        for (Attribute a : Attribute.parseAll(in, context)) {
            attrs.add(NeighborAttribute.decode(a));
        }
        return new NeighborMessage(header, attrs);
    }

    public <T extends NeighborAttribute> Optional<T> find(Class<T> type) {
        for (NeighborAttribute a : attributes) {
            if (type.isInstance(a)) {
                return Optional.of(type.cast(a));
            }
        }
        return Optional.empty(); // a loop rather than a stream: decoding runs interpreted in a fresh JVM
    }

    /** Whether this is a forwarding-database entry ({@code AF_BRIDGE}) rather than an IP neighbour. */
    public boolean isForwardingEntry() {
        return header.family() == Rtnl.AF_BRIDGE;
    }

    /** The public view; a link-layer address that is not 6 bytes long is left out. */
    public Neighbor toNeighbor() {
        Optional<NeighborAttribute.LinkLayerAddress> lladdr = find(NeighborAttribute.LinkLayerAddress.class);
        Optional<MacAddress> mac = lladdr.isPresent() && lladdr.get().bytes().length == 6
                ? Optional.of(MacAddress.of(lladdr.get().bytes())) : Optional.empty();
        Optional<NeighborAttribute.Destination> dst = find(NeighborAttribute.Destination.class);
        Optional<NeighborAttribute.Master> master = find(NeighborAttribute.Master.class);
        return new Neighbor(isForwardingEntry() ? Neighbor.Kind.FORWARDING : Neighbor.Kind.IP, header.linkIndex(),
                dst.isPresent() ? Optional.of(dst.get().address()) : Optional.empty(), mac,
                header.state(), header.flags(),
                master.isPresent() ? OptionalInt.of(master.get().index()) : OptionalInt.empty());
    }
}
