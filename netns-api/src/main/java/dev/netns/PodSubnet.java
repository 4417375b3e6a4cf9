package dev.netns;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.Objects;

/**
 * One subnet of a {@link PodNetwork} with its gateway and the range pods draw addresses from, as the
 * reference {@code host-local} IPAM plugin reads a range ({@code subnet}, {@code gateway},
 * {@code rangeStart}, {@code rangeEnd}): the gateway defaults to the subnet's first address, the range
 * to every host address of the subnet (for IPv4 without the broadcast address), and the gateway is
 * never handed to a pod, also when it lies inside the range.
 *
 * {@snippet :
 * PodSubnet narrow = new PodSubnet(IpPrefix.parse("10.88.0.0/24"), InetAddress.ofLiteral("10.88.0.1"),
 *         InetAddress.ofLiteral("10.88.0.100"), InetAddress.ofLiteral("10.88.0.199"));   // 100 pods
 * }
 *
 * @param subnet  the subnet, given by its network address
 * @param gateway the gateway: a host address of the subnet
 * @param first   the first address pods may get: a host address of the subnet
 * @param last    the last address pods may get: a host address of the subnet, not before {@code first}
 */
public record PodSubnet(IpPrefix subnet, InetAddress gateway, InetAddress first, InetAddress last) {

    /**
     * @throws IllegalArgumentException naming the rule broken: an address outside the subnet's host
     *                                  addresses, {@code first} after {@code last}, a range holding no
     *                                  address but the gateway
     */
    public PodSubnet {
        Objects.requireNonNull(subnet, "subnet");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        if (!subnet.equals(subnet.network())) {
            throw new IllegalArgumentException("subnet must be given by its network address: " + subnet);
        }
        checkHost(subnet, "gateway", gateway);
        checkHost(subnet, "range start", first);
        checkHost(subnet, "range end", last);
        BigInteger from = offset(subnet, first);
        BigInteger to = offset(subnet, last);
        if (from.compareTo(to) > 0) {
            throw new IllegalArgumentException("range start " + IpPrefix.format(first) + " is after range end "
                    + IpPrefix.format(last) + " in subnet " + subnet);
        }
        BigInteger g = offset(subnet, gateway);
        if (from.equals(to) && from.equals(g)) {
            throw new IllegalArgumentException("range " + IpPrefix.format(first) + "-" + IpPrefix.format(last) + " of subnet "
                    + subnet + " holds only the gateway: no address is left for a pod");
        }
    }

    /** The default: gateway at the subnet's first address, pods on all the other host addresses. */
    public static PodSubnet of(IpPrefix subnet) {
        IpPrefix net = subnet.network();
        return new PodSubnet(net, at(net, BigInteger.ONE), at(net, BigInteger.ONE), at(net, lastHost(net)));
    }

    /** The gateway with the subnet's prefix length, as it sits on the bridge. */
    public IpPrefix gatewayPrefix() {
        return new IpPrefix(gateway, subnet.prefixLength());
    }

    /** Whether {@code address} is a host address of the subnet: not its network address nor, for IPv4, its broadcast address. */
    public boolean isHostAddress(InetAddress address) {
        if (address.getAddress().length != subnet.address().getAddress().length || !subnet.contains(address)) {
            return false;
        }
        BigInteger o = offset(subnet, address);
        return o.signum() > 0 && o.compareTo(lastHost(subnet)) <= 0;
    }

    private static void checkHost(IpPrefix subnet, String what, InetAddress a) {
        int max = subnet.address().getAddress().length * 8;
        if (max - subnet.prefixLength() < 2) {
            throw new IllegalArgumentException("subnet " + subnet + " is too small: it needs room for a gateway and a pod");
        }
        boolean family = a.getAddress().length == subnet.address().getAddress().length;
        if (!family || !subnet.contains(a)) {
            throw new IllegalArgumentException(what + " " + IpPrefix.format(a) + " is not in subnet " + subnet);
        }
        BigInteger o = offset(subnet, a);
        if (o.signum() == 0 || o.compareTo(lastHost(subnet)) > 0) {
            throw new IllegalArgumentException(what + " " + IpPrefix.format(a) + " is the " + (o.signum() == 0 ? "network" : "broadcast")
                    + " address of subnet " + subnet + ", not a host address");
        }
    }

    private static BigInteger offset(IpPrefix subnet, InetAddress a) {
        return new BigInteger(1, a.getAddress()).subtract(new BigInteger(1, subnet.address().getAddress()));
    }

    /** The last host offset: all host bits set, minus one for IPv4's broadcast. */
    private static BigInteger lastHost(IpPrefix subnet) {
        int bits = subnet.address().getAddress().length * 8 - subnet.prefixLength();
        BigInteger allOnes = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
        return subnet.isIpv4() ? allOnes.subtract(BigInteger.ONE) : allOnes;
    }

    private static InetAddress at(IpPrefix subnet, BigInteger offset) {
        int length = subnet.address().getAddress().length;
        byte[] raw = new BigInteger(1, subnet.address().getAddress()).add(offset).toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
        return IpPrefix.addressOf(out);
    }
}
