package dev.netns.linux.pod;

import dev.netns.IpPrefix;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * Pod addresses of one subnet, handed out the way the host-local CNI plugin does: the network
 * address, the gateway (the first host address, on the bridge) and for IPv4 the broadcast address
 * are never handed out; allocation continues after the last address given, wrapping around, so a
 * freed address is reused only after the others — a pod re-created at once does not inherit its
 * predecessor's address while neighbours may still cache the old MAC for it.
 *
 * <p>Works for any size, IPv6 /64 included (offsets are {@link BigInteger}s, only allocated ones
 * are stored). Not thread-safe: the network guards it.
 */
final class AddressPool {
    private final IpPrefix subnet;
    private final BigInteger base;
    private final int length;
    /** Offsets from the network address that may be handed out: [first, last]. */
    private final BigInteger first;
    private final BigInteger last;
    private final NavigableSet<BigInteger> taken = new TreeSet<>();
    private BigInteger cursor;

    AddressPool(IpPrefix subnet) {
        this.subnet = subnet.network();
        this.length = subnet.address().getAddress().length;
        this.base = new BigInteger(1, this.subnet.address().getAddress());
        int hostBits = length * 8 - subnet.prefixLength();
        BigInteger size = BigInteger.ONE.shiftLeft(hostBits);
        this.first = BigInteger.TWO; // 0 is the network, 1 the gateway
        this.last = subnet.isIpv4() ? size.subtract(BigInteger.TWO) : size.subtract(BigInteger.ONE);
        if (last.compareTo(first) < 0) {
            throw new IllegalArgumentException("subnet " + subnet + " has no room for pods after its gateway");
        }
        this.cursor = first.subtract(BigInteger.ONE);
    }

    IpPrefix subnet() {
        return subnet;
    }

    /** The gateway: the subnet's first host address, with the subnet's prefix length. */
    IpPrefix gateway() {
        return new IpPrefix(at(BigInteger.ONE), subnet.prefixLength());
    }

    /** How many pod addresses the subnet has in all. */
    BigInteger capacity() {
        return last.subtract(first).add(BigInteger.ONE);
    }

    /** Reserves the next free address, with the subnet's prefix length. @throws IllegalStateException when none is left */
    IpPrefix allocate() {
        if (BigInteger.valueOf(taken.size()).compareTo(capacity()) >= 0) {
            throw new IllegalStateException("subnet " + subnet + " is exhausted: all " + capacity()
                    + " pod addresses are in use");
        }
        BigInteger candidate = next(cursor);
        // at most taken.size() + 1 steps: every step past a taken address moves to the next gap
        while (taken.contains(candidate)) {
            candidate = next(candidate);
        }
        taken.add(candidate);
        cursor = candidate;
        return new IpPrefix(at(candidate), subnet.prefixLength());
    }

    /** Returns an address to the pool. Unknown addresses are ignored. */
    void release(InetAddress address) {
        BigInteger offset = new BigInteger(1, address.getAddress()).subtract(base);
        taken.remove(offset);
    }

    int inUse() {
        return taken.size();
    }

    private BigInteger next(BigInteger offset) {
        BigInteger n = offset.add(BigInteger.ONE);
        return n.compareTo(last) > 0 ? first : n;
    }

    private InetAddress at(BigInteger offset) {
        byte[] raw = base.add(offset).toByteArray();
        byte[] out = new byte[length];
        // toByteArray may carry a leading sign byte or be shorter: right-align into the address width
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
        return IpPrefix.addressOf(out); // an IPv4-mapped IPv6 subnet hands out IPv6 addresses
    }
}
