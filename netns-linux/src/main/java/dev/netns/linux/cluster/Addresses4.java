package dev.netns.linux.cluster;

import dev.netns.MacAddress;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** IPv4 arithmetic for the cluster's addressing, and the tunnel MACs derived from addresses. */
final class Addresses4 {
    private Addresses4() {
    }

    /** {@code address + n}. */
    static Inet4Address plus(InetAddress address, long n) {
        byte[] b = address.getAddress();
        long v = ((b[0] & 0xffL) << 24 | (b[1] & 0xffL) << 16 | (b[2] & 0xffL) << 8 | (b[3] & 0xffL)) + n;
        try {
            return (Inet4Address) InetAddress.getByAddress(
                    new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * {@code 0a:58:} followed by the four bytes of the address, the scheme Kubernetes network plugins
     * use for interfaces that carry one address: unicast, locally administered, unique per address,
     * and known to every node without asking (no control plane has to publish it).
     */
    static MacAddress macOf(InetAddress ipv4) {
        byte[] a = ipv4.getAddress();
        return MacAddress.of(new byte[] {0x0a, 0x58, a[0], a[1], a[2], a[3]});
    }
}
