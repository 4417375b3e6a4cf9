package dev.netns.linux.rtnl;

import dev.netns.Address;
import dev.netns.IpPrefix;
import dev.netns.linux.netlink.Attribute;
import dev.netns.linux.netlink.AttributeWriter;
import dev.netns.linux.netlink.MalformedMessageException;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An address message ({@code RTM_NEWADDR}, {@code RTM_DELADDR}, {@code RTM_GETADDR}): an
 * {@code ifaddrmsg} and typed attributes.
 */
record AddressMessage(IfAddrMsg header, List<AddressAttribute> attributes) {

    public AddressMessage {
        attributes = List.copyOf(attributes);
    }

    public byte[] toBytes() {
        AttributeWriter out = new AttributeWriter().raw(header.toBytes());
        for (AddressAttribute a : attributes) {
            a.writeTo(out);
        }
        return out.toByteArray();
    }

    public static AddressMessage decode(ByteBuffer body, String context) {
        ByteBuffer in = body.slice().order(ByteOrder.nativeOrder());
        IfAddrMsg header = IfAddrMsg.read(in, context);
        List<AddressAttribute> attrs = new ArrayList<>();
        for (Attribute a : Attribute.parseAll(in, context)) {
            attrs.add(AddressAttribute.decode(a));
        }
        return new AddressMessage(header, attrs);
    }

    public <T extends AddressAttribute> Optional<T> find(Class<T> type) {
        for (AddressAttribute a : attributes) {
            if (type.isInstance(a)) {
                return Optional.of(type.cast(a));
            }
        }
        return Optional.empty(); // a loop rather than a stream: decoding runs interpreted in a fresh JVM
    }

    /** The public view: the local address if present (IPv4), else {@code IFA_ADDRESS}. */
    public Address toAddress() {
        Optional<AddressAttribute.Local> local = find(AddressAttribute.Local.class);
        Optional<AddressAttribute.Address> peer = find(AddressAttribute.Address.class);
        InetAddress address;
        if (local.isPresent()) {
            address = local.get().address();
        } else if (peer.isPresent()) {
            address = peer.get().address();
        } else {
            throw new MalformedMessageException("RTM_NEWADDR for link " + header.index() + ": neither IFA_LOCAL nor IFA_ADDRESS");
        }
        Optional<AddressAttribute.Flags> flags = find(AddressAttribute.Flags.class);
        return new Address(header.index(), new IpPrefix(address, header.prefixLength()), header.scope(),
                flags.isPresent() ? flags.get().flags() : header.flags());
    }
}
