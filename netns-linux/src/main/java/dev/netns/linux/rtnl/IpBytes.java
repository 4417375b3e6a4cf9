package dev.netns.linux.rtnl;

import dev.netns.linux.netlink.Attribute;
import dev.netns.linux.netlink.MalformedMessageException;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** IP addresses as attribute values: 4 bytes for IPv4, 16 for IPv6, network byte order. */
final class IpBytes {
    private IpBytes() {
    }

    static InetAddress decode(Attribute a, String name) {
        byte[] v = a.value();
        if (v.length != 4 && v.length != 16) {
            throw new MalformedMessageException(name + ": address of " + v.length + " bytes, need 4 or 16");
        }
        try {
            return InetAddress.getByAddress(v);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static int family(InetAddress address) {
        return address instanceof Inet4Address ? Rtnl.AF_INET : Rtnl.AF_INET6;
    }
}
