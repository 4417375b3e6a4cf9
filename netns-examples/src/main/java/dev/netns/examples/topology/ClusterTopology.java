package dev.netns.examples.topology;

import dev.netns.Cluster;
import dev.netns.ClusterNode;
import dev.netns.IpPrefix;
import dev.netns.Link;
import dev.netns.NetnsException;
import dev.netns.NetworkNamespace;
import dev.netns.Pod;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a cluster looks like, as plain values read back from the kernel: the underlay with its
 * bridge, and each node with its uplink, tunnel (VXLAN), pod bridge, the routes to the other nodes'
 * pods, and its pods. {@link ClusterDiagram} draws it without a kernel.
 *
 * @param name     the cluster's name
 * @param mode     VXLAN or host-gw
 * @param podCidr  the cluster's pod network
 * @param underlay the underlay namespace's name
 * @param bridge   the underlay bridge and its address
 * @param nodes    the nodes, by index
 */
public record ClusterTopology(String name, Cluster.Mode mode, IpPrefix podCidr, String underlay, Interface bridge,
                              List<NodeView> nodes) {

    public ClusterTopology {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(podCidr, "podCidr");
        Objects.requireNonNull(underlay, "underlay");
        Objects.requireNonNull(bridge, "bridge");
        nodes = List.copyOf(nodes);
    }

    /**
     * An interface as drawn.
     *
     * @param name    its name
     * @param address its address with prefix length
     * @param mac     its MAC, when worth showing (a tunnel's, which the other nodes write down)
     */
    public record Interface(String name, IpPrefix address, Optional<String> mac) {
        public Interface {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(mac, "mac");
        }
    }

    /**
     * One node as drawn.
     *
     * @param name   the node's (and its namespace's) name
     * @param port   its port on the underlay bridge
     * @param uplink its {@code eth0} on the underlay
     * @param tunnel its vxlan device (VXLAN mode)
     * @param bridge its pod bridge with the gateway address
     * @param routes its routes to other nodes' pods, e.g. {@code 10.244.1.0/24 via 10.244.1.0 dev vxlan.1}
     * @param pods   its pods: name and address
     */
    public record NodeView(String name, String port, Interface uplink, Optional<Interface> tunnel, Interface bridge,
                           List<String> routes, Map<String, IpPrefix> pods) {
        public NodeView {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(port, "port");
            Objects.requireNonNull(uplink, "uplink");
            Objects.requireNonNull(tunnel, "tunnel");
            Objects.requireNonNull(bridge, "bridge");
            routes = List.copyOf(routes);
            pods = Map.copyOf(pods);
        }
    }

    /** Reads a live cluster: its nodes' links, addresses and routes, through the SDK. */
    public static ClusterTopology of(Cluster cluster) throws NetnsException {
        NetworkNamespace underlay = cluster.underlay();
        Interface bridge = interfaceOf(underlay, "br0", false);
        List<NodeView> nodes = new java.util.ArrayList<>();
        for (ClusterNode node : cluster.nodes()) {
            nodes.add(nodeOf(cluster, node));
        }
        return new ClusterTopology(cluster.spec().name(), cluster.mode(), cluster.spec().podCidr(),
                underlay.name().orElseThrow(), bridge, nodes);
    }

    private static NodeView nodeOf(Cluster cluster, ClusterNode node) throws NetnsException {
        NetworkNamespace ns = node.namespace();
        List<Link> links = ns.links().list();
        Map<Integer, String> names = links.stream().collect(Collectors.toMap(Link::index, Link::name));
        Optional<Interface> tunnel = Optional.empty();
        for (Link l : links) {
            if (l.kind().equals(Optional.of("vxlan"))) {
                tunnel = Optional.of(interfaceOf(ns, l.name(), true));
            }
        }
        List<String> routes = ns.routes().list().stream()
                .filter(r -> r.gateway().isPresent() && cluster.spec().podCidr().contains(r.destination().address()))
                .map(r -> r.destination() + " via " + r.gateway().get().getHostAddress()
                        + r.outputIndex().stream().mapToObj(i -> " dev " + names.getOrDefault(i, "#" + i)).findFirst().orElse(""))
                .toList();
        Map<String, IpPrefix> pods = node.podNetwork().pods().stream()
                .collect(Collectors.toMap(Pod::name, p -> new IpPrefix(p.address(), node.podSubnet().prefixLength()),
                        (a, b) -> a, java.util.TreeMap::new));
        IpPrefix gateway = node.podNetwork().gateways().getFirst();
        return new NodeView(node.name(), "node" + node.index(), interfaceOf(ns, "eth0", false), tunnel,
                new Interface(node.podNetwork().bridgeName(), gateway, Optional.empty()), routes, pods);
    }

    private static Interface interfaceOf(NetworkNamespace ns, String name, boolean withMac) throws NetnsException {
        IpPrefix address = ns.addresses().list(name).stream().map(dev.netns.Address::prefix).filter(IpPrefix::isIpv4)
                .findFirst().orElseThrow(() -> new IllegalStateException(name + " has no IPv4 address"));
        Optional<String> mac = withMac ? ns.links().get(name).mac().map(Object::toString) : Optional.empty();
        return new Interface(name, address, mac);
    }
}
