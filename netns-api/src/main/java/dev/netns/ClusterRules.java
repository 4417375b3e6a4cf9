package dev.netns;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** The address arithmetic and rules of {@link Cluster.Spec}, kept out of the public type. */
final class ClusterRules {
    /** A bound on nodes, far above what one machine runs, so a /8 pod CIDR cannot ask for millions. */
    private static final int MAX_NODES = 4096;

    private ClusterRules() {
    }

    static IpPrefix network(String what, String cidr) {
        IpPrefix p = IpPrefix.parse(cidr);
        if (!p.isIpv4()) {
            throw new IllegalArgumentException(what + " must be IPv4 (clusters are IPv4 only): " + cidr);
        }
        if (!p.equals(p.network())) {
            throw new IllegalArgumentException(what + " must be given by its network address: \"" + cidr
                    + "\" has host bits set (did you mean " + p.network() + "?)");
        }
        return p;
    }

    /** Called from the compact constructor of {@link Cluster.Spec}, so it sees parameters, not fields. */
    static void check(int nodes, IpPrefix podCidr, int nodeSubnetLength, IpPrefix underlayCidr, int mtu,
                      Cluster.Mode mode, int vni, int udpPort) {
        network("pod CIDR", podCidr.toString());
        network("underlay CIDR", underlayCidr.toString());
        if (nodeSubnetLength < podCidr.prefixLength() || nodeSubnetLength > 30) {
            throw new IllegalArgumentException("node subnet length must be between the pod CIDR's ("
                    + podCidr.prefixLength() + ") and 30, is " + nodeSubnetLength);
        }
        if (underlayCidr.prefixLength() > 29) {
            throw new IllegalArgumentException("underlay CIDR " + underlayCidr + " is too small: it needs room for "
                    + "a bridge address and nodes (/29 or larger)");
        }
        if (podCidr.contains(underlayCidr.address()) || underlayCidr.contains(podCidr.address())) {
            throw new IllegalArgumentException("pod CIDR " + podCidr + " and underlay CIDR " + underlayCidr
                    + " must not overlap");
        }
        LinkChecks.checkMtu(mtu);
        int podMtu = mode == Cluster.Mode.VXLAN ? mtu - Cluster.Spec.VXLAN_OVERHEAD : mtu;
        if (podMtu < 68) {
            throw new IllegalArgumentException("MTU " + mtu + " leaves pods " + podMtu
                    + " bytes, less than IPv4's minimum of 68");
        }
        if (vni < 0 || vni > Vxlan.MAX_VNI) {
            throw new IllegalArgumentException("VNI must be 0.." + Vxlan.MAX_VNI + ", is " + vni);
        }
        if (udpPort < 1 || udpPort > 65535) {
            throw new IllegalArgumentException("UDP port must be 1..65535, is " + udpPort);
        }
        int max = maxNodes(podCidr, nodeSubnetLength, underlayCidr);
        if (nodes < 0 || nodes > max) {
            throw new IllegalArgumentException(nodes + " nodes do not fit: pod CIDR " + podCidr + " in /"
                    + nodeSubnetLength + " subnets and underlay CIDR " + underlayCidr + " have room for " + max);
        }
    }

    static int maxNodes(IpPrefix podCidr, int nodeSubnetLength, IpPrefix underlayCidr) {
        long subnets = 1L << Math.min(31, nodeSubnetLength - podCidr.prefixLength());
        long underlay = (1L << (32 - underlayCidr.prefixLength())) - 3;   // network, bridge, broadcast
        return (int) Math.min(MAX_NODES, Math.min(subnets, underlay));
    }

    static IpPrefix podSubnet(Cluster.Spec s, int index) {
        checkIndex(s, index);
        long base = toLong(s.podCidr().address());
        long step = 1L << (32 - s.nodeSubnetLength());
        return new IpPrefix(toAddress(base + step * index), s.nodeSubnetLength());
    }

    static IpPrefix underlayAddress(Cluster.Spec s, int index) {
        checkIndex(s, index);
        return new IpPrefix(toAddress(toLong(s.underlayCidr().address()) + index + 2), s.underlayCidr().prefixLength());
    }

    private static void checkIndex(Cluster.Spec s, int index) {
        int max = s.maxNodes();
        if (index < 0 || index >= max) {
            throw new IllegalArgumentException("node index must be 0.." + (max - 1) + ", is " + index);
        }
    }

    private static long toLong(InetAddress a) {
        return new BigInteger(1, a.getAddress()).longValue();
    }

    private static Inet4Address toAddress(long v) {
        byte[] b = {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
        try {
            return (Inet4Address) InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
