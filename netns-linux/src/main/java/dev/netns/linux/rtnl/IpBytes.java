package dev.netns.linux.rtnl;

import dev.netns.IpPrefix;
import dev.netns.linux.netlink.Attribute;
import dev.netns.linux.netlink.MalformedMessageException;

import java.net.Inet4Address;
import java.net.InetAddress;

/** IP addresses as attribute values: 4 bytes for IPv4, 16 for IPv6, network byte order. */
final class IpBytes {
    private IpBytes() {
    }

    static InetAddress decode(Attribute a, String name) {
        byte[] v = a.value();
        if (v.length != 4 && v.length != 16) {
            throw new MalformedMessageException(name + ": address of " + v.length + " bytes, need 4 or 16");
        }
        return IpPrefix.addressOf(v); // 16 bytes stay IPv6, also ::ffff:a.b.c.d (InetAddress would make it IPv4)
    }

    static int family(InetAddress address) {
        return address instanceof Inet4Address ? Rtnl.AF_INET : Rtnl.AF_INET6;
    }
}
