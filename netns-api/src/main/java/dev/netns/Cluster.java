package dev.netns;


import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Several Kubernetes-style nodes on one machine, each a namespace with its own pod network, wired
 * so that every pod reaches every other pod, the way flannel or kindnet wire real nodes.
 *
 * {@snippet :
 * try (Cluster cluster = Cluster.builder()
 *         .nodes(3)                          // node namespaces on one underlay network
 *         .podCidr("10.244.0.0/16")          // node i gets the i-th /24 of it
 *         .mode(Cluster.Mode.VXLAN)          // or Cluster.Mode.HOST_GW
 *         .create()) {
 *     Pod a = cluster.node(0).addPod("a");
 *     Pod b = cluster.node(2).addPod("b");   // a reaches b.address(), and back
 * }
 * }
 *
 * <h2>Topology</h2>
 * <ul>
 *   <li>The <b>underlay</b>: a namespace of its own ({@code NAME-underlay}) holding a bridge
 *       {@code br0} — the switch of the machine room — with the first address of the underlay CIDR.</li>
 *   <li>Each <b>node</b> {@code i}: a named namespace ({@code NAME-nodeI}) whose {@code eth0} is a
 *       veth to a port {@code nodeI} of that bridge, with the underlay CIDR's address {@code i + 2};
 *       IPv4 forwarding on; and a pod network (bridge {@code cni0}) on the {@code i}-th subnet of
 *       the pod CIDR, whose pods' namespaces are named {@code NAME-nodeI-POD}.</li>
 *   <li>{@link Mode#VXLAN}: each node has a vxlan device {@code vxlan.VNI} on {@code eth0} (UDP port
 *       8472 as flannel, learning off) carrying its pod subnet's network address as a /32, and for
 *       every other node a static neighbour entry (that node's tunnel address → its vxlan MAC), a
 *       static forwarding entry (that MAC → its underlay address) and a route of its pod subnet via
 *       its tunnel address, on-link. Pod MTU = underlay MTU − 50, the VXLAN overhead.</li>
 *   <li>{@link Mode#HOST_GW}: a route per other node's pod subnet via that node's underlay address;
 *       pod MTU = underlay MTU.</li>
 * </ul>
 * The same requests would wire real machines given real underlay addresses. IPv4 only.
 *
 * <p>The cluster owns every namespace, device and entry it made: {@link #addNode()} and
 * {@link #removeNode(int)} update every other node, and {@link #close()} removes nodes, pods and the
 * underlay. Thread-safe; methods throw {@link IllegalStateException} after {@link #close()}.
 */
public interface Cluster extends AutoCloseable {

    /** How pods on different nodes reach each other. */
    enum Mode {
        /** An overlay: pod packets tunnelled in VXLAN (UDP) between nodes, as flannel's vxlan backend. */
        VXLAN,
        /** Plain routes: each node routes the other nodes' pod subnets via their underlay addresses, as flannel's host-gw and kindnet. */
        HOST_GW
    }

    /** A builder with the defaults of {@link Builder}. */
    static Builder builder() {
        return new Builder();
    }

    /** The validated description this cluster was built from. */
    Spec spec();

    /** The mode, {@code spec().mode()}. */
    default Mode mode() {
        return spec().mode();
    }

    /** The node numbered {@code index}. @throws NoSuchElementException if there is none */
    ClusterNode node(int index);

    /** The nodes, by index. */
    List<ClusterNode> nodes();

    /** The underlay namespace, holding the bridge {@code br0} every node's {@code eth0} is plugged into. */
    NetworkNamespace underlay();

    /**
     * Adds a node with the lowest unused index, and tells every other node how to reach its pods
     * (one batch of requests per node). A failure half-way removes what was made.
     *
     * @throws IllegalStateException when the pod CIDR or the underlay CIDR has no room for another node
     */
    ClusterNode addNode() throws NetnsException;

    /**
     * Removes a node: its entries and routes on every other node first, then its pods, its pod
     * network, its underlay port and its namespace.
     *
     * @throws NoSuchElementException if there is no node of that index
     */
    void removeNode(int index) throws NetnsException;

    /** Whether {@link #close()} has been called. */
    boolean isClosed();

    /**
     * Removes every node (pods, pod networks, namespaces) and the underlay. Idempotent; keeps going
     * after a failure and throws the first with the others suppressed.
     */
    @Override
    void close() throws NetnsException;

    /**
     * The validated description of a cluster.
     *
     * @param nodes            the number of nodes to create at first (0 or more)
     * @param podCidr          the cluster's pod network; node {@code i} gets its {@code i}-th subnet
     * @param nodeSubnetLength the prefix length of each node's pod subnet (e.g. 24)
     * @param underlayCidr     the underlay network: the bridge gets its first address, node {@code i} address {@code i + 2}
     * @param mtu              the underlay MTU (the pods get 50 less in VXLAN mode)
     * @param mode             VXLAN or host-gw
     * @param name             the cluster's name, prefix of its namespaces' names
     * @param nodeNamePrefix   node {@code i} is named {@code nodeNamePrefix + i}
     * @param vni              the VXLAN network identifier
     * @param udpPort          the VXLAN UDP destination port
     */
    record Spec(int nodes, IpPrefix podCidr, int nodeSubnetLength, IpPrefix underlayCidr, int mtu, Mode mode,
                String name, String nodeNamePrefix, int vni, int udpPort) {
        /** VXLAN's overhead on IPv4: outer IP (20), UDP (8), VXLAN (8) and inner Ethernet (14) headers. */
        public static final int VXLAN_OVERHEAD = 50;

        public Spec {
            Objects.requireNonNull(podCidr, "podCidr");
            Objects.requireNonNull(underlayCidr, "underlayCidr");
            Objects.requireNonNull(mode, "mode");
            NamespaceNames.check(name);
            NamespaceNames.check(nodeNamePrefix);
            ClusterRules.check(nodes, podCidr, nodeSubnetLength, underlayCidr, mtu, mode, vni, udpPort);
        }

        /** The pod MTU: the underlay MTU, less {@link #VXLAN_OVERHEAD} in VXLAN mode. */
        public int podMtu() {
            return mode == Mode.VXLAN ? mtu - VXLAN_OVERHEAD : mtu;
        }

        /** How many nodes the pod CIDR and the underlay CIDR have room for. */
        public int maxNodes() {
            return ClusterRules.maxNodes(podCidr, nodeSubnetLength, underlayCidr);
        }

        /** The pod subnet of node {@code index}: the {@code index}-th subnet of {@link #podCidr()}. */
        public IpPrefix podSubnet(int index) {
            return ClusterRules.podSubnet(this, index);
        }

        /** The underlay address of node {@code index}: address {@code index + 2} of {@link #underlayCidr()}. */
        public IpPrefix underlayAddress(int index) {
            return ClusterRules.underlayAddress(this, index);
        }

        /** The name of node {@code index}. */
        public String nodeName(int index) {
            return nodeNamePrefix + index;
        }
    }

    /**
     * Builds a {@link Cluster}. Defaults: 3 nodes, pod CIDR {@code 10.244.0.0/16} with /24 per node,
     * underlay {@code 172.18.0.0/16} with MTU 1500, mode {@link Mode#VXLAN}, name {@code cluster}
     * (nodes {@code cluster-node0} ...), VNI 1, UDP port 8472. Setters validate at once;
     * {@link #build()} checks the combination.
     */
    final class Builder {
        private int nodes = 3;
        private IpPrefix podCidr = IpPrefix.parse("10.244.0.0/16");
        private int nodeSubnetLength = 24;
        private IpPrefix underlayCidr = IpPrefix.parse("172.18.0.0/16");
        private int mtu = 1500;
        private Mode mode = Mode.VXLAN;
        private String name = "cluster";
        private String nodeNamePrefix;
        private int vni = 1;
        private int udpPort = 8472;

        private Builder() {
        }

        /** How many nodes to create at first, 0 or more (default 3). */
        public Builder nodes(int nodes) {
            if (nodes < 0) {
                throw new IllegalArgumentException("a cluster needs 0 or more nodes, not " + nodes);
            }
            this.nodes = nodes;
            return this;
        }

        /** The cluster's pod network in CIDR notation, IPv4, given by its network address (default {@code 10.244.0.0/16}). */
        public Builder podCidr(String cidr) {
            this.podCidr = ClusterRules.network("pod CIDR", cidr);
            return this;
        }

        /** The prefix length of each node's pod subnet (default 24: node {@code i} gets {@code 10.244.i.0/24}). */
        public Builder nodeSubnetLength(int prefixLength) {
            this.nodeSubnetLength = prefixLength;
            return this;
        }

        /** The underlay network in CIDR notation, IPv4 (default {@code 172.18.0.0/16}); must not overlap the pod CIDR. */
        public Builder underlayCidr(String cidr) {
            this.underlayCidr = ClusterRules.network("underlay CIDR", cidr);
            return this;
        }

        /** The underlay MTU (default 1500); pods get 50 less in VXLAN mode. */
        public Builder mtu(int mtu) {
            this.mtu = LinkChecks.checkMtu(mtu);
            return this;
        }

        /** VXLAN (default) or HOST_GW. */
        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** The cluster's name (default {@code cluster}): the underlay namespace is {@code NAME-underlay}. */
        public Builder name(String name) {
            this.name = NamespaceNames.check(name);
            return this;
        }

        /** The prefix of the nodes' names (default {@code NAME-node}): node {@code i} is {@code PREFIX + i}. */
        public Builder nodeNamePrefix(String prefix) {
            this.nodeNamePrefix = NamespaceNames.check(prefix);
            return this;
        }

        /** The VXLAN network identifier, 0..16777215 (default 1, as flannel). */
        public Builder vni(int vni) {
            this.vni = vni;
            return this;
        }

        /** The VXLAN UDP destination port, 1..65535 (default 8472, as flannel and the Linux kernel). */
        public Builder udpPort(int port) {
            this.udpPort = port;
            return this;
        }

        /** @throws IllegalArgumentException naming the rule broken */
        public Spec build() {
            return new Spec(nodes, podCidr, nodeSubnetLength, underlayCidr, mtu, mode, name,
                    nodeNamePrefix != null ? nodeNamePrefix : name + "-node", vni, udpPort);
        }

        /**
         * Creates the underlay, the nodes and their pod networks, and wires them. A failure half-way
         * removes everything made.
         *
         * @throws NamespaceAlreadyExistsException if a namespace name of the cluster is taken
         */
        public Cluster create() throws NetnsException {
            return Provider.get().createCluster(build());
        }
    }
}
