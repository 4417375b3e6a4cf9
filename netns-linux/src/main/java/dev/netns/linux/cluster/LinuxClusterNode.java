package dev.netns.linux.cluster;

import dev.netns.ClusterNode;
import dev.netns.IpPrefix;
import dev.netns.NetnsException;
import dev.netns.NetworkNamespace;
import dev.netns.PodNetwork;
import dev.netns.linux.ns.LinuxNetworkNamespace;
import dev.netns.linux.rtnl.RtnlSession;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** One node of a {@link LinuxCluster}: its namespace, underlay address, tunnel (VXLAN) and pod network. */
final class LinuxClusterNode implements ClusterNode {
    /** IPv4 forwarding of the namespace the writing thread is in (all interfaces, present and future). */
    private static final Path IP_FORWARD = Path.of("/proc/sys/net/ipv4/ip_forward");

    private final int index;
    private final LinuxNetworkNamespace namespace;
    private final IpPrefix underlayAddress;
    private final IpPrefix podSubnet;
    private final Optional<PeerWiring.Tunnel> tunnel;
    private final PodNetwork podNetwork;

    LinuxClusterNode(int index, LinuxNetworkNamespace namespace, IpPrefix underlayAddress, IpPrefix podSubnet,
                     Optional<PeerWiring.Tunnel> tunnel, PodNetwork podNetwork) {
        this.index = index;
        this.namespace = namespace;
        this.underlayAddress = underlayAddress;
        this.podSubnet = podSubnet;
        this.tunnel = tunnel;
        this.podNetwork = podNetwork;
    }

    /**
     * The machine side of a node whose {@code eth0} is plugged in: {@code ip link set lo up; ip link set
     * eth0 up; ip addr add ADDRESS dev eth0; sysctl net.ipv4.ip_forward=1}. Forwarding is a sysctl of
     * the node's own namespace (written from a thread inside it), not of the machine: a node routes
     * between its pods' bridge and its uplink as every Kubernetes node must.
     */
    static void configureMachine(LinuxNetworkNamespace ns, IpPrefix underlayAddress) throws NetnsException {
        RtnlSession s = Underlay.session(ns);
        int eth0 = s.links().get(Underlay.NODE_INTERFACE).index();
        s.batch().setUp("lo").setUp(Underlay.NODE_INTERFACE).addAddress(eth0, Underlay.NODE_INTERFACE, underlayAddress)
                .execute();
        try {
            ns.run(() -> Files.writeString(IP_FORWARD, "1"));
        } catch (java.io.IOException e) {
            throw new NetnsException("write", IP_FORWARD + " in " + ns.name().orElse("node"), e.toString(), e);
        }
    }

    @Override
    public String name() {
        return namespace.name().orElseThrow();
    }

    @Override
    public int index() {
        return index;
    }

    @Override
    public NetworkNamespace namespace() {
        return namespace;
    }

    LinuxNetworkNamespace linuxNamespace() {
        return namespace;
    }

    RtnlSession session() {
        return Underlay.session(namespace);
    }

    @Override
    public InetAddress underlayAddress() {
        return underlayAddress.address();
    }

    @Override
    public IpPrefix podSubnet() {
        return podSubnet;
    }

    @Override
    public PodNetwork podNetwork() {
        return podNetwork;
    }

    /** The vxlan device, in VXLAN mode. */
    Optional<PeerWiring.Tunnel> tunnel() {
        return tunnel;
    }

    @Override
    public String toString() {
        return "ClusterNode[" + name() + " " + underlayAddress + " pods " + podSubnet
                + tunnel.map(t -> " " + t.name() + " " + t.mac()).orElse("") + "]";
    }
}
