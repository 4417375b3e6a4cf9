package dev.netns.linux.ipam;

import dev.netns.IpPrefix;
import dev.netns.PodSubnet;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * One range set as host-local sees it: the subnet's addresses from {@code rangeStart} to
 * {@code rangeEnd} (by default every host address, for IPv4 without the broadcast address), the
 * gateway skipped wherever it lies. Candidates are tried from the address after the last one
 * reserved, wrapping around once, so a released address is reused only after the rest (a pod re-made
 * at once does not inherit its predecessor's address while neighbours may still cache the old MAC
 * for it).
 *
 * @param pool  the subnet, its gateway and its range
 * @param index the range set's index: the {@code I} of {@code last_reserved_ip.I}
 */
public record AddressRange(PodSubnet pool, int index) {

    /** The subnet's default range (gateway at its first address, every other host address for pods). */
    public AddressRange(IpPrefix subnet, int index) {
        this(PodSubnet.of(subnet), index);
    }

    /** The subnet, by its network address. */
    public IpPrefix subnet() {
        return pool.subnet();
    }

    /** The gateway, with the subnet's prefix length. */
    public IpPrefix gateway() {
        return pool.gatewayPrefix();
    }

    /** Whether a pod may get the address: inside the range and not the gateway. */
    public boolean allocatable(InetAddress address) {
        if (!pool.isHostAddress(address) || address.equals(pool.gateway())) {
            return false;
        }
        BigInteger o = offset(address);
        return o.compareTo(offset(pool.first())) >= 0 && o.compareTo(offset(pool.last())) <= 0;
    }

    /**
     * Whether a pod may hold the address: a host address of the subnet other than the gateway. Wider
     * than {@link #allocatable}: a reservation made under another range of the same subnet (an earlier
     * configuration, another plugin) still belongs to its pod.
     */
    public boolean holdable(InetAddress address) {
        return pool.isHostAddress(address) && !address.equals(pool.gateway());
    }

    /** Whether the address lies in the subnet at all. */
    public boolean contains(InetAddress address) {
        return address.getAddress().length == subnet().address().getAddress().length && subnet().contains(address);
    }

    /** How many pod addresses the range holds. */
    public BigInteger capacity() {
        BigInteger all = offset(pool.last()).subtract(offset(pool.first())).add(BigInteger.ONE);
        return inRange(offset(pool.gateway())) ? all.subtract(BigInteger.ONE) : all;
    }

    /**
     * Every allocatable address once, in host-local's order: after {@code lastReserved} when it lies in
     * the range (it comes last), else from the start.
     */
    public Iterator<InetAddress> candidates(Optional<InetAddress> lastReserved) {
        BigInteger first = offset(pool.first());
        BigInteger last = offset(pool.last());
        BigInteger gateway = offset(pool.gateway());
        BigInteger start = lastReserved.isPresent() && pool.isHostAddress(lastReserved.get()) && inRange(offset(lastReserved.get()))
                ? AddressRange.next(offset(lastReserved.get()), first, last) : first;
        return new Iterator<>() {
            private BigInteger cursor = start;
            private BigInteger remaining = last.subtract(first).add(BigInteger.ONE);

            @Override
            public boolean hasNext() {
                if (remaining.signum() > 0 && cursor.equals(gateway)) { // never handed out, wherever it lies
                    step();
                }
                return remaining.signum() > 0;
            }

            @Override
            public InetAddress next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                InetAddress a = at(cursor);
                step();
                return a;
            }

            private void step() {
                cursor = AddressRange.next(cursor, first, last);
                remaining = remaining.subtract(BigInteger.ONE);
            }
        };
    }

    private boolean inRange(BigInteger o) {
        return o.compareTo(offset(pool.first())) >= 0 && o.compareTo(offset(pool.last())) <= 0;
    }

    private static BigInteger next(BigInteger offset, BigInteger first, BigInteger last) {
        BigInteger n = offset.add(BigInteger.ONE);
        return n.compareTo(last) > 0 ? first : n;
    }

    private BigInteger offset(InetAddress a) {
        return new BigInteger(1, a.getAddress()).subtract(new BigInteger(1, subnet().address().getAddress()));
    }

    private InetAddress at(BigInteger offset) {
        int length = subnet().address().getAddress().length;
        byte[] raw = new BigInteger(1, subnet().address().getAddress()).add(offset).toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(raw.length, length); // toByteArray may add a sign byte or be shorter
        System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
        return IpPrefix.addressOf(out); // an IPv4-mapped IPv6 subnet hands out IPv6 addresses
    }
}
