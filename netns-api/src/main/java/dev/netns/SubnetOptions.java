package dev.netns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The per-family gateway and range options of a {@link PodNetwork.Builder}, applied to its subnets at build time. */
final class SubnetOptions {
    private final Map<Boolean, InetAddress> gateways = new HashMap<>();   // by isIpv4
    private final Map<Boolean, InetAddress[]> ranges = new HashMap<>();

    /** A subnet given to {@code subnet(cidr)}: its network address, room for a gateway and a pod. */
    static IpPrefix checkSubnet(String cidr) {
        IpPrefix p = IpPrefix.parse(cidr);
        if (!p.equals(p.network())) {
            throw new IllegalArgumentException("subnet must be given by its network address: \"" + cidr
                    + "\" has host bits set (did you mean " + p.network() + "?)");
        }
        int max = p.isIpv4() ? 32 : 128;
        int minHostBits = 2;
        if (max - p.prefixLength() < minHostBits) {
            throw new IllegalArgumentException("subnet " + cidr + " is too small: it needs room for a gateway and a pod (at most /"
                    + (max - minHostBits) + ")");
        }
        return p;
    }

    /** A network's subnets: at least one, at most one of each family. */
    static List<IpPrefix> checkSubnets(List<IpPrefix> subnets) {
        subnets = List.copyOf(subnets);
        if (subnets.isEmpty()) {
            throw new IllegalArgumentException("a pod network needs a subnet: call subnet(\"10.244.1.0/24\")");
        }
        if (count(subnets, true) > 1 || count(subnets, false) > 1) {
            throw new IllegalArgumentException("a pod network takes at most one IPv4 and one IPv6 subnet: " + subnets);
        }
        return subnets;
    }

    /** The ranges of a specification: the defaults when empty, else one per subnet in its order. */
    static List<PodSubnet> checkRanges(List<IpPrefix> subnets, List<PodSubnet> ranges) {
        if (ranges.isEmpty()) {
            List<PodSubnet> defaults = new ArrayList<>(subnets.size());
            for (IpPrefix s : subnets) {
                defaults.add(PodSubnet.of(s));
            }
            return List.copyOf(defaults);
        }
        ranges = List.copyOf(ranges);
        boolean match = ranges.size() == subnets.size();
        for (int i = 0; match && i < ranges.size(); i++) {
            match = ranges.get(i).subnet().equals(subnets.get(i));
        }
        if (!match) {
            throw new IllegalArgumentException("ranges " + ranges + " do not match subnets " + subnets);
        }
        return ranges;
    }

    /** How many of {@code subnets} are of the family (loops, not streams: this runs before the JIT, on every network). */
    private static int count(List<IpPrefix> subnets, boolean ipv4) {
        int n = 0;
        for (IpPrefix s : subnets) {
            if (s.isIpv4() == ipv4) {
                n++;
            }
        }
        return n;
    }

    void gateway(String address) {
        InetAddress a = IpPrefix.parseAddress(address);
        gateways.put(a instanceof Inet4Address, a);
    }

    void range(String first, String last) {
        InetAddress f = IpPrefix.parseAddress(first);
        InetAddress l = IpPrefix.parseAddress(last);
        if ((f instanceof Inet4Address) != (l instanceof Inet4Address)) {
            throw new IllegalArgumentException("address range " + first + "-" + last + " mixes IPv4 and IPv6");
        }
        ranges.put(f instanceof Inet4Address, new InetAddress[] {f, l});
    }

    /** Each subnet with its gateway and range. */
    List<PodSubnet> resolve(List<IpPrefix> subnets) {
        for (boolean v4 : List.of(true, false)) {
            if ((gateways.containsKey(v4) || ranges.containsKey(v4)) && count(subnets, v4) == 0) {
                throw new IllegalArgumentException("a gateway or address range for " + (v4 ? "IPv4" : "IPv6")
                        + " needs a subnet of that family: call subnet(...) with one");
            }
        }
        List<PodSubnet> out = new ArrayList<>();
        for (IpPrefix s : subnets) {
            PodSubnet d = PodSubnet.of(s);
            InetAddress[] range = ranges.getOrDefault(s.isIpv4(), new InetAddress[] {d.first(), d.last()});
            out.add(new PodSubnet(d.subnet(), gateways.getOrDefault(s.isIpv4(), d.gateway()), range[0], range[1]));
        }
        return out;
    }
}
