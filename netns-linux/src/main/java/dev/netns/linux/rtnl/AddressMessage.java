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
        return attributes.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** The public view: the local address if present (IPv4), else {@code IFA_ADDRESS}. */
    public Address toAddress() {
        InetAddress address = find(AddressAttribute.Local.class).map(AddressAttribute.Local::address)
                .or(() -> find(AddressAttribute.Address.class).map(AddressAttribute.Address::address))
                .orElseThrow(() -> new MalformedMessageException("RTM_NEWADDR for link " + header.index()
                        + ": neither IFA_LOCAL nor IFA_ADDRESS"));
        int flags = find(AddressAttribute.Flags.class).map(AddressAttribute.Flags::flags).orElse(header.flags());
        return new Address(header.index(), new IpPrefix(address, header.prefixLength()), header.scope(), flags);
    }
}
