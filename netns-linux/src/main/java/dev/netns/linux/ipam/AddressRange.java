package dev.netns.linux.ipam;

import dev.netns.IpPrefix;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * One subnet as host-local's default range sees it: the gateway is the first host address, the
 * range runs from there to the last address (for IPv4 the one before broadcast) and the gateway is
 * skipped. Candidates are tried from the address after the last one reserved, wrapping around once,
 * so a released address is reused only after the rest (a pod re-made at once does not inherit its
 * predecessor's address while neighbours may still cache the old MAC for it).
 *
 * @param subnet the subnet, given by its network address
 * @param index  the range set's index: the {@code I} of {@code last_reserved_ip.I}
 */
public record AddressRange(IpPrefix subnet, int index) {

    public AddressRange {
        subnet = subnet.network();
        if (last(subnet).compareTo(BigInteger.TWO) < 0) {
            throw new IllegalArgumentException("subnet " + subnet + " has no room for pods after its gateway");
        }
    }

    /** The gateway, with the subnet's prefix length. */
    public IpPrefix gateway() {
        return new IpPrefix(at(BigInteger.ONE), subnet.prefixLength());
    }

    /** Whether a pod may hold the address: inside the range and not the gateway. */
    public boolean allocatable(InetAddress address) {
        if (address.getAddress().length != subnet.address().getAddress().length || !subnet.contains(address)) {
            return false;
        }
        BigInteger offset = offset(address);
        return offset.compareTo(BigInteger.TWO) >= 0 && offset.compareTo(last(subnet)) <= 0;
    }

    /** Whether the address lies in the subnet at all. */
    public boolean contains(InetAddress address) {
        return address.getAddress().length == subnet.address().getAddress().length && subnet.contains(address);
    }

    /** How many pod addresses the range holds. */
    public BigInteger capacity() {
        return last(subnet).subtract(BigInteger.ONE);
    }

    /**
     * Every allocatable address once, in host-local's order: after {@code lastReserved} when it lies in
     * the range (it comes last), else from the start.
     */
    public Iterator<InetAddress> candidates(Optional<InetAddress> lastReserved) {
        BigInteger first = BigInteger.TWO;
        BigInteger last = last(subnet);
        BigInteger start = lastReserved.filter(this::allocatable).map(a -> AddressRange.next(offset(a), first, last)).orElse(first);
        return new Iterator<>() {
            private BigInteger cursor = start;
            private boolean started;

            @Override
            public boolean hasNext() {
                return !started || !cursor.equals(start);
            }

            @Override
            public InetAddress next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                started = true;
                InetAddress a = at(cursor);
                cursor = AddressRange.next(cursor, first, last);
                return a;
            }
        };
    }

    private static BigInteger next(BigInteger offset, BigInteger first, BigInteger last) {
        BigInteger n = offset.add(BigInteger.ONE);
        return n.compareTo(last) > 0 ? first : n;
    }

    /** The last allocatable offset: all host bits set, minus one for IPv4's broadcast. */
    private static BigInteger last(IpPrefix subnet) {
        int bits = subnet.address().getAddress().length * 8 - subnet.prefixLength();
        BigInteger allOnes = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
        return subnet.isIpv4() ? allOnes.subtract(BigInteger.ONE) : allOnes;
    }

    private BigInteger offset(InetAddress a) {
        return new BigInteger(1, a.getAddress()).subtract(new BigInteger(1, subnet.address().getAddress()));
    }

    private InetAddress at(BigInteger offset) {
        int length = subnet.address().getAddress().length;
        byte[] raw = new BigInteger(1, subnet.address().getAddress()).add(offset).toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(raw.length, length); // toByteArray may add a sign byte or be shorter
        System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
        try {
            return InetAddress.getByAddress(out);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
