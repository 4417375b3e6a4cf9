package dev.netns;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A node's pod network, the way Kubernetes' bridge CNI plugin builds one: a bridge in the node namespace carrying each
 * subnet's gateway (by default its first address; see the builder for host-local's gateway and range options and a
 * bridge without it), and pods attached to it, each with its own namespace, an {@code eth0} with the next free address
 * and a default route via the gateway.
 *
 * {@snippet :
 * try (NetworkNamespace node = NetworkNamespaces.create();             // a sandbox node
 *      PodNetwork net = PodNetwork.builder()
 *              .node(node).bridgeName("cni0").subnet("10.244.1.0/24").create()) {
 *     Pod a = net.addPod("a");
 *     Pod b = net.addPod("b");
 *     b.run(() -> new Socket(a.address(), 8080).close());          // pod to pod over the bridge
 * }                                                                   // pods, veths, bridge: gone
 * }
 *
 * <p><b>Two ways to get one.</b> {@link Builder#create()} (0.1) makes a network this object owns: it fails if the
 * bridge exists, and {@link #close()} removes everything it made. Its addresses are kept in memory unless a
 * {@link Builder#stateDirectory(Path) state directory} is given. {@link Builder#open()} makes the network <em>state on
 * the node</em>, as the reference CNI {@code bridge} and {@code host-local} plugins do: it attaches to the network if
 * its bridge exists, else creates it; any number of processes may hold it open at once; addresses are reserved in
 * host-local's on-disk layout under an exclusive {@code flock}; {@link #pods()} is read from the kernel and the state
 * directory, so it shows pods made by every process; and {@link #close()} releases only this process's handle.
 * {@link #delete()} removes a network whichever way it was obtained.
 *
 * {@snippet :
 * // an agent: pick the network up again after a restart, drop what dead runs left behind
 * try (PodNetwork net = PodNetwork.builder()
 *         .node(node).name("pods").bridgeName("cni0").subnet("10.244.1.0/24").open()) {
 *     net.collectGarbage(Set.of("web", "db"));          // the pods that should exist
 *     if (net.pods().stream().noneMatch(p -> p.id().equals("web"))) {
 *         net.addPod("web");                            // another process sees it at once
 *     }
 * }                                                     // the pods and the bridge stay
 * }
 *
 * <p><b>Durable state.</b> For network {@code NAME} in state directory {@code DIR} (default
 * {@code /var/lib/cni/networks}): {@code DIR/NAME/IP} for each reserved address (content: the pod's id,
 * {@code "\r\n"}, its interface name), {@code DIR/NAME/last_reserved_ip.I} for the range of index {@code I} (0 for the
 * IPv4 subnet, 1 for the IPv6 one), and {@code DIR/NAME/lock}, which every change holds with {@code flock(LOCK_EX)}.
 * The reference {@code host-local} plugin and this SDK see and respect each other's reservations. Every change is
 * ordered so that a process killed between any two steps leaves something {@link #collectGarbage(Set)} finishes or
 * undoes: an address is reserved before anything is made for it, and released after everything made for it is gone.
 *
 * <p><b>One node, several networks.</b> {@code create()} and {@code open()} refuse a network whose subnet overlaps a
 * subnet of the node's other networks (their bridges' addresses, or the subnets a bridge without gateway records in
 * its alias), or whose bridge carries another network's gateway.
 * <p>The node namespace is borrowed: never closed or deleted. All methods are thread-safe; pods may be added and
 * removed from several threads (and, for a network from {@code open()}, several processes) at once.
 */
public interface PodNetwork extends AutoCloseable {

    /** A builder; {@link Builder#subnet(String)} is required. */
    static Builder builder() {
        return new Builder();
    }

    /** The node namespace the bridge lives in. */
    NetworkNamespace node();

    /** The bridge's name. */
    String bridgeName();

    /** The network's name (CNI's {@code name}): the directory of its reservations in the state directory. */
    String name();

    /**
     * The directory holding this network's reservations, {@code stateDirectory/name}; empty for a
     * network from {@link Builder#create()} without a {@link Builder#stateDirectory(Path) state directory},
     * whose addresses are kept in memory.
     */
    Optional<Path> stateDirectory();

    /** The subnets pods draw addresses from, IPv4 first. */
    List<IpPrefix> subnets();

    /** The gateway address of each subnet (on the bridge unless {@code gatewayOnBridge(false)}), in subnet order. */
    List<IpPrefix> gateways();

    /**
     * Adds a pod: a named namespace with {@code lo} up, a veth pair whose {@code eth0} end is inside
     * the pod with the next free address of each subnet and whose host end is enslaved to the bridge,
     * and a default route via each gateway. The pod's {@link Pod#id() id} is its name. A failure
     * half-way leaves nothing behind and the network usable; a process killed half-way leaves what
     * {@link #collectGarbage(Set)} removes.
     *
     * <p>Equivalent to {@code ip netns add NAME}, {@code ip link add VETH type veth peer name eth0
     * netns NAME}, {@code ip link set VETH master BRIDGE up}, {@code ip -n NAME addr add ADDR dev eth0},
     * {@code ip -n NAME route add default via GATEWAY}, after reserving {@code ADDR} as host-local does.
     *
     * @throws IllegalArgumentException if the name is not a valid pod name (on a network with a state
     *                                  directory: also a valid CNI container id, see {@link #attach})
     * @throws IllegalStateException    if a pod of that name exists, a subnet is exhausted, or after {@link #close()}
     * @throws NamespaceAlreadyExistsException if the pod's namespace name is taken outside this network
     */
    Pod addPod(String name) throws NetnsException;

    /**
     * Adds the pods as {@link #addPod} does (cheaper: one lock of the state directory, shared node exchanges), returned in
     * the order given, all or none: if one cannot be added, what was made for the others is removed, none of their addresses
     * stays reserved, and its failure is thrown ({@link IllegalArgumentException} for a name given twice). */
    List<Pod> addPods(java.util.Collection<String> names) throws NetnsException;

    /**
     * Wires a namespace this network did not make (a container runtime's) into the network as pod
     * {@code id}: CNI ADD. A veth pair with {@code interfaceName} inside {@code namespace} carrying
     * the next free address of each subnet and a default route via each gateway, its host end
     * enslaved to the bridge. The namespace is borrowed: the network never closes or deletes it, and
     * the returned pod's {@link Pod#namespace()} is a handle of the network's own to it.
     *
     * <p>Equivalent to {@code ip link add VETH type veth peer name IFNAME netns NS},
     * {@code ip link set VETH master BRIDGE up}, {@code ip -n NS addr add ADDR dev IFNAME},
     * {@code ip -n NS route add default via GATEWAY}, after reserving {@code ADDR} as host-local does.
     *
     * @param id            the pod's id (a CNI container id: a letter or digit, then letters, digits,
     *                      {@code _ . -}); unique in the network
     * @param namespace     the namespace to wire, borrowed
     * @param interfaceName the pod's interface inside {@code namespace}, e.g. {@code "eth0"}
     * @throws IllegalArgumentException naming the rule an argument breaks
     * @throws IllegalStateException    if pod {@code id} exists, a subnet is exhausted, or after {@link #close()}
     * @throws NetnsException           if the kernel refuses, e.g. {@code EEXIST} when {@code interfaceName} is taken in {@code namespace}
     */
    Pod attach(String id, NetworkNamespace namespace, String interfaceName) throws NetnsException;

    /**
     * Removes pod {@code id}: CNI DEL. Deletes its veth pair and releases its addresses; deletes its
     * namespace only if {@link #addPod(String)} made it (for an {@link #attach attached} pod, the
     * namespace stays, only what attach made goes). Idempotent: succeeds when the pod, or any part of
     * it, is already gone.
     *
     * <p>Equivalent to {@code ip link del VETH} (and {@code ip netns del NAME} for an {@code addPod}
     * pod), then removing the reservation files.
     */
    void detach(String id) throws NetnsException;

    /**
     * CNI GC: removes every pod whose id is not in {@code liveIds} (its veth, its addresses and, for
     * an {@link #addPod(String)} pod, its namespace), and repairs what a process killed half-way left
     * behind: addresses reserved with no pod, host ends without a peer, pods whose namespace is gone,
     * half-created namespace files in the run directory. Afterwards exactly the complete pods in
     * {@code liveIds} remain, no address is held twice, and nothing else of this network is left in
     * the kernel or the state directory. Pods in {@code liveIds} that are incomplete are removed too
     * (they cannot work); ids in {@code liveIds} with no pod are ignored.
     *
     * <p>Run it when no other process is adding pods to this network under ids outside {@code liveIds}
     * (an agent at start-up, a CNI runtime with its list of attachments): a pod being added right now
     * by another process looks exactly like one a killed process left half-made.
     *
     * @return what was released, and the state-directory files left alone as not understood
     */
    CollectedGarbage collectGarbage(Set<String> liveIds) throws NetnsException;

    /**
     * The pod with that {@link Pod#id() id}. For a network with a state directory it is looked up in
     * the kernel and the state directory, so pods made by other processes are found.
     *
     * @throws java.util.NoSuchElementException if there is none
     * @throws java.io.UncheckedIOException     wrapping a {@link NetnsException} if the node or the state directory cannot be read
     */
    Pod pod(String name);

    /**
     * The complete pods: for a network from {@code create()} without a state directory, the pods
     * this object made, in the order they were added; for a network with a state directory, every
     * pod that has an address reserved and its veth in place, whichever process made it, in the
     * order of their addresses.
     *
     * @throws java.io.UncheckedIOException wrapping a {@link NetnsException} if the node or the state directory cannot be read
     */
    List<Pod> pods();

    /**
     * Removes a pod made by {@link #addPod(String)} or {@link #attach}: as {@link #detach(String)},
     * but fails if there is no such pod.
     *
     * @throws java.util.NoSuchElementException if there is none
     */
    void removePod(String name) throws NetnsException;

    /** Whether {@link #close()} has been called. */
    boolean isClosed();

    /**
     * Removes the network whichever way it was obtained and whoever made its pods: every pod (veths;
     * namespaces made by {@code addPod}, never attached ones), the bridge, and the network's state
     * directory. Other processes' handles to it then fail their next change. Also closes this handle.
     * Failures are collected: the first is thrown with the others suppressed, after everything
     * possible was removed.
     *
     * <p>Equivalent to {@code ip link del BRIDGE}, {@code ip link del VETH} and {@code ip netns del}
     * for every pod, and {@code rm -r DIR/NAME}.
     */
    void delete() throws NetnsException;

    /**
     * Closes this handle. For a network from {@link Builder#create()}: tears the whole network down
     * as {@link #delete()} does (0.1 behaviour; pods' namespaces are deleted together, so the kernel's
     * per-device teardown waits overlap). For a network from {@link Builder#open()}: releases only
     * this process's handle (namespace handles, the lock file); the bridge, the pods and the
     * reservations stay for other processes and later runs. Idempotent.
     */
    @Override
    void close() throws NetnsException;

    /**
     * The validated description of a network.
     *
     * @param node            the node namespace; empty for the caller's current namespace
     * @param bridgeName      the bridge's name
     * @param subnets         the subnets, at most one IPv4 and one IPv6
     * @param mtu             the MTU of the bridge and the pods' veths; empty for the kernel default
     * @param namespacePrefix prefix of the pods' namespace names (the namespace of pod {@code p} is {@code prefix + p})
     * @param hairpin         whether the bridge reflects a pod's traffic back to it (hairpin mode on host ends)
     * @param name            the network's name (CNI's {@code name})
     * @param stateDirectory  the directory holding the networks' reservation directories; empty to keep
     *                        addresses in memory (only for {@link Builder#create()})
     * @param ranges          each subnet's gateway and pod range, in subnet order; empty for {@link PodSubnet#of(IpPrefix)}
     * @param gatewayOnBridge whether the bridge carries the gateway addresses ({@link Builder#gatewayOnBridge(boolean)})
     * @param defaultRoutes   whether pods get a default route via each gateway ({@link Builder#defaultRoute(boolean)})
     */
    record Spec(Optional<NetworkNamespace> node, String bridgeName, List<IpPrefix> subnets, OptionalInt mtu,
                String namespacePrefix, boolean hairpin, String name, Optional<Path> stateDirectory,
                List<PodSubnet> ranges, boolean gatewayOnBridge, boolean defaultRoutes) {
        /** The default state directory, host-local's: {@code /var/lib/cni/networks}. */
        public static final Path DEFAULT_STATE_DIRECTORY = Path.of("/var/lib/cni/networks");

        public Spec {
            Objects.requireNonNull(node, "node");
            InterfaceNames.check(bridgeName);
            NetworkNames.checkNetwork(name);
            Objects.requireNonNull(stateDirectory, "stateDirectory");
            subnets = SubnetOptions.checkSubnets(subnets);
            if (mtu.isPresent()) {
                LinkChecks.checkMtu(mtu.getAsInt());
            }
            Objects.requireNonNull(namespacePrefix, "namespacePrefix");
            if (!namespacePrefix.isEmpty()) {
                NamespaceNames.check(namespacePrefix);
            }
            ranges = SubnetOptions.checkRanges(subnets, ranges);
        }

        /** Default gateways and ranges, the gateways on the bridge, default routes in pods. */
        public Spec(Optional<NetworkNamespace> node, String bridgeName, List<IpPrefix> subnets, OptionalInt mtu,
                    String namespacePrefix, boolean hairpin, String name, Optional<Path> stateDirectory) {
            this(node, bridgeName, subnets, mtu, namespacePrefix, hairpin, name, stateDirectory, List.of(), true, true);
        }

        /** A 0.1 specification: named after its bridge, addresses in memory. */
        public Spec(Optional<NetworkNamespace> node, String bridgeName, List<IpPrefix> subnets, OptionalInt mtu,
                    String namespacePrefix, boolean hairpin) {
            this(node, bridgeName, subnets, mtu, namespacePrefix, hairpin, bridgeName, Optional.empty());
        }

        /** The reservations directory of this network, {@code stateDirectory/name}, if it has a state directory. */
        public Optional<Path> networkDirectory() {
            return stateDirectory.isPresent() ? Optional.of(stateDirectory.get().resolve(name)) : Optional.empty();
        }
    }

    /**
     * Builds a {@link PodNetwork}. Defaults: the caller's current namespace as node, bridge
     * {@code cni0}, kernel-default MTU, pod namespaces named after the pods, hairpin off.
     */
    final class Builder {
        private NetworkNamespace node;
        private String bridgeName = "cni0";
        private final List<IpPrefix> subnets = new ArrayList<>();
        private Integer mtu;
        private String namespacePrefix = "";
        private boolean hairpin;
        private String name;
        private Path stateDirectory;
        private final SubnetOptions subnetOptions = new SubnetOptions();
        private boolean gatewayOnBridge = true;
        private boolean defaultRoute = true;

        private Builder() {
        }

        /**
         * The network's name, CNI's {@code name} (default: the bridge's name): the directory of its
         * reservations in the state directory, and how other processes find it. Two networks of one
         * node (or, sharing a state directory, of one machine) need different names.
         *
         * @throws IllegalArgumentException unless a letter or digit followed by letters, digits, {@code _ . -}
         */
        public Builder name(String name) {
            this.name = NetworkNames.checkNetwork(name);
            return this;
        }

        /**
         * The directory reservations are kept in, host-local's {@code dataDir}; default
         * {@code /var/lib/cni/networks} for {@link #open()}. With it, {@link #create()} keeps its
         * addresses there too (else in memory, as in 0.1). The network's own directory
         * {@code stateDirectory/name} is made on first use, with parents, mode 0755.
         */
        public Builder stateDirectory(Path stateDirectory) {
            this.stateDirectory = Objects.requireNonNull(stateDirectory, "stateDirectory");
            return this;
        }

        /** The node namespace to build the bridge in (borrowed, never closed). Default: the caller's current namespace. */
        public Builder node(NetworkNamespace node) {
            this.node = Objects.requireNonNull(node, "node");
            return this;
        }

        /** The bridge's name (default {@code cni0}). */
        public Builder bridgeName(String bridgeName) {
            this.bridgeName = InterfaceNames.check(bridgeName);
            return this;
        }

        /**
         * Adds a subnet in CIDR notation: one IPv4, optionally one IPv6 for dual stack. Its first
         * address becomes the gateway on the bridge; pods get the following ones. The address must be
         * the network address ({@code 10.244.1.0/24}, not {@code 10.244.1.5/24}) and leave room for
         * at least one pod (IPv4 /30 or larger, IPv6 /126 or larger).
         *
         * @throws IllegalArgumentException naming the rule broken
         */
        public Builder subnet(String cidr) {
            subnets.add(SubnetOptions.checkSubnet(cidr));
            return this;
        }

        /** The MTU of the bridge and of both ends of every pod's veth. */
        public Builder mtu(int mtu) {
            this.mtu = LinkChecks.checkMtu(mtu);
            return this;
        }

        /** A prefix for the pods' namespace names, e.g. {@code "test-"} makes pod {@code a}'s namespace {@code test-a}. */
        public Builder namespacePrefix(String prefix) {
            if (!prefix.isEmpty()) {
                NamespaceNames.check(prefix);
            }
            this.namespacePrefix = prefix;
            return this;
        }

        /** Hairpin mode on the pods' host ends, so a pod can reach itself through the bridge. */
        public Builder hairpin(boolean hairpin) {
            this.hairpin = hairpin;
            return this;
        }

        /**
         * The gateway of the subnet of the address's family, host-local's {@code gateway} (default: the
         * subnet's first address). Pods never get it; their default routes point at it.
         *
         * @throws IllegalArgumentException if not an IP address; at {@code build()} if not a host address of that subnet
         */
        public Builder gateway(String address) {
            subnetOptions.gateway(address);
            return this;
        }

        /**
         * Pods get addresses of that family from {@code first} to {@code last} only, host-local's {@code rangeStart}
         * and {@code rangeEnd} (default: every host address of the subnet; the gateway is always skipped).
         *
         * @throws IllegalArgumentException if the two are of different families; at {@code build()} if
         *                                  either is not a host address of that subnet, or {@code first > last}
         */
        public Builder addressRange(String first, String last) {
            subnetOptions.range(first, last);
            return this;
        }

        /**
         * Whether the bridge carries each subnet's gateway address (default {@code true}, the node routes
         * for the pods: the reference bridge plugin's {@code isGateway: true}). With {@code false} the
         * bridge is a plain switch ({@code isGateway: false}): no address of the network, pods reach each
         * other but not the node, the gateway address is left to a router on the bridge's segment. The
         * choice is recorded in the bridge's interface alias with the subnets (so the node's other networks
         * see them), and {@code open()} refuses a network made with the other choice. With {@code false},
         * {@code ip addr add GATEWAY dev BRIDGE} is left out of {@code create()} and {@code open()}.
         */
        public Builder gatewayOnBridge(boolean gatewayOnBridge) {
            this.gatewayOnBridge = gatewayOnBridge;
            return this;
        }

        /**
         * Whether pods this handle adds get a default route via each gateway (default {@code true}); with
         * {@code false}, {@code ip -n POD route add default via GATEWAY} is left out of {@code addPod} and
         * {@code attach} (the reference bridge plugin without {@code isDefaultGateway}). Not recorded on the node.
         */
        public Builder defaultRoute(boolean defaultRoute) {
            this.defaultRoute = defaultRoute;
            return this;
        }

        /**
         * The validated specification, as {@link #create()} takes it: the state directory is empty
         * unless one was set.
         */
        public Spec build() {
            return new Spec(Optional.ofNullable(node), bridgeName, subnets, mtu == null ? OptionalInt.empty() : OptionalInt.of(mtu),
                    namespacePrefix, hairpin, name == null ? bridgeName : name, Optional.ofNullable(stateDirectory),
                    subnetOptions.resolve(subnets), gatewayOnBridge, defaultRoute);
        }

        /**
         * Creates the bridge with the gateway addresses, up, in the node namespace. Fails without
         * leaving anything behind, e.g. with {@link NetnsException} {@code EEXIST} if the bridge name is taken.
         * The returned network owns everything it makes: {@link PodNetwork#close()} removes it all.
         *
         * <p>Equivalent to {@code ip link add BRIDGE type bridge}, {@code ip addr add GATEWAY dev BRIDGE},
         * {@code ip link set BRIDGE up}.
         *
         * @throws IllegalStateException if the subnet overlaps another network's on the node, naming both
         */
        public PodNetwork create() throws NetnsException {
            return Provider.get().createPodNetwork(build());
        }

        /**
         * Attaches to the network if its bridge exists in the node namespace (its gateway addresses
         * checked), else creates it, with its reservations in the {@link #stateDirectory(Path) state
         * directory} (default {@code /var/lib/cni/networks}). Any number of processes may do this at
         * once, also racing to create the same network: one creates it, the others attach. The
         * returned handle's {@link PodNetwork#close()} releases only this process's handle.
         *
         * @throws IllegalStateException if the bridge exists without this network's gateways, the
         *                               subnet overlaps another network's on the node, or the name is
         *                               already used with a different subnet — naming both
         * @throws NetnsException        if the node or the state directory cannot be used (read-only,
         *                               full, unreadable), with nothing half-made
         */
        public PodNetwork open() throws NetnsException {
            Spec spec = build();
            return Provider.get().openPodNetwork(spec.stateDirectory().isPresent() ? spec : new Spec(spec.node(), spec.bridgeName(),
                    spec.subnets(), spec.mtu(), spec.namespacePrefix(), spec.hairpin(), spec.name(),
                    Optional.of(Spec.DEFAULT_STATE_DIRECTORY), spec.ranges(), spec.gatewayOnBridge(), spec.defaultRoutes()));
        }
    }
}
