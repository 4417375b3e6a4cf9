package dev.netns.examples;

import dev.netns.Address;
import dev.netns.IpPrefix;
import dev.netns.Link;
import dev.netns.NetnsException;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import dev.netns.VethPair;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The CLI's pod network, kept only in kernel objects so that each command (a new JVM) can find it
 * again: a named node namespace with a bridge carrying the gateway address, and pods that are named
 * namespaces {@code NODE-POD} whose {@code eth0} is a veth whose peer is a port of that bridge.
 *
 * <p>A {@link dev.netns.PodNetwork} object lives in one JVM and removes its pods when closed; a CLI
 * that adds a pod in one command and lists it in the next needs state that outlives the JVM. So this
 * class builds pods with the same recipe from the SDK's primitives (namespaces, a veth pair,
 * addresses, a route) and reads them back from the kernel. The same layout is what the demo leaves
 * with {@code --keep}, so {@code pod list --node netns-demo-PID} shows a kept demo. Two commands
 * adding pods at the same moment may pick the same address; this is a demo tool, not a CNI plugin.
 */
final class PodStore implements AutoCloseable {
    static final String BRIDGE = "cni0";
    static final String POD_INTERFACE = "eth0";

    /**
     * A pod as found in the kernel.
     *
     * @param name          the pod's name (the namespace name without {@code NODE-})
     * @param namespace     its namespace's name
     * @param path          its namespace's path
     * @param address       its IPv4 address on eth0, if any
     * @param hostInterface the host end of its veth, on the bridge
     */
    record PodInfo(String name, String namespace, Path path, Optional<IpPrefix> address, String hostInterface) {
    }

    private final String nodeName;
    private final NetworkNamespace node;

    private PodStore(String nodeName, NetworkNamespace node) {
        this.nodeName = nodeName;
        this.node = node;
    }

    /**
     * The pod network on an existing node, or empty if there is no such node namespace.
     *
     * @throws IllegalStateException if the namespace exists but holds no bridge {@value #BRIDGE}: it is not a pod network
     */
    static Optional<PodStore> open(String nodeName) throws NetnsException {
        if (!NetworkNamespaces.exists(nodeName)) {
            return Optional.empty();
        }
        NetworkNamespace node = NetworkNamespaces.open(nodeName);
        try {
            if (node.links().find(BRIDGE).isEmpty()) {
                throw new IllegalStateException("namespace " + nodeName + " exists but has no bridge " + BRIDGE
                        + ", so it is not a pod network: choose another --node");
            }
        } catch (NetnsException | RuntimeException e) {
            node.close();
            throw e;
        }
        return Optional.of(new PodStore(nodeName, node));
    }

    /**
     * Creates the node namespace and its bridge with the subnet's first address as gateway, up.
     * Nothing is left if a step fails.
     */
    static PodStore create(String nodeName, IpPrefix subnet) throws NetnsException {
        IpPrefix gateway = new IpPrefix(offset(subnet, 1), subnet.prefixLength());
        NetworkNamespace node = NetworkNamespaces.create(nodeName);
        try {
            node.links().setUp("lo");
            node.links().add(BRIDGE, "bridge");
            node.addresses().add(BRIDGE, gateway);
            node.links().setUp(BRIDGE);
            return new PodStore(nodeName, node);
        } catch (NetnsException | RuntimeException e) {
            try {
                node.delete();
            } catch (NetnsException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    String nodeName() {
        return nodeName;
    }

    Path nodePath() {
        return node.path();
    }

    /** The gateway address on the bridge (with the subnet's prefix length). */
    IpPrefix gateway() throws NetnsException {
        return node.addresses().list(BRIDGE).stream().map(Address::prefix).filter(IpPrefix::isIpv4).findFirst()
                .orElseThrow(() -> new NetnsException("read", BRIDGE, "the bridge " + BRIDGE + " in " + nodeName + " has no IPv4 address"));
    }

    /** The pods, sorted by name: namespaces {@code NODE-*} whose eth0 is plugged into the bridge. */
    List<PodInfo> pods() throws NetnsException {
        int bridgeIndex = node.links().get(BRIDGE).index();
        List<PodInfo> pods = new ArrayList<>();
        for (String ns : NetworkNamespaces.list()) {
            if (ns.startsWith(nodeName + "-") && ns.length() > nodeName.length() + 1) {
                pod(ns, bridgeIndex).ifPresent(pods::add);
            }
        }
        return pods;
    }

    private Optional<PodInfo> pod(String nsName, int bridgeIndex) throws NetnsException {
        try (NetworkNamespace ns = NetworkNamespaces.open(nsName)) {
            Optional<Link> eth0 = ns.links().find(POD_INTERFACE);
            if (eth0.isEmpty() || eth0.get().linkIndex().isEmpty() || eth0.get().linkNetnsId().isEmpty()) {
                return Optional.empty();
            }
            // eth0's IFLA_LINK is its peer's index in the peer's namespace; it is ours if that peer points back and sits on the bridge
            Optional<Link> host = node.links().list().stream()
                    .filter(l -> l.index() == eth0.get().linkIndex().getAsInt()).findFirst();
            if (host.isEmpty() || host.get().masterIndex().orElse(-1) != bridgeIndex
                    || host.get().linkIndex().orElse(-1) != eth0.get().index()) {
                return Optional.empty();
            }
            Optional<IpPrefix> address = ns.addresses().list(POD_INTERFACE).stream().map(Address::prefix)
                    .filter(IpPrefix::isIpv4).findFirst();
            return Optional.of(new PodInfo(nsName.substring(nodeName.length() + 1), nsName, ns.path(), address, host.get().name()));
        }
    }

    /**
     * Adds a pod the Kubernetes bridge way: namespace {@code NODE-NAME} with lo up, a veth pair with
     * eth0 inside and the host end on the bridge, the next free address, a default route via the
     * gateway. A failure removes what was made.
     *
     * @throws IllegalStateException if a pod of that name exists or the subnet is full
     */
    PodInfo add(String name) throws NetnsException {
        String nsName = nodeName + "-" + name;
        IpPrefix gateway = gateway();
        Set<InetAddress> used = new HashSet<>();
        used.add(gateway.address());
        for (PodInfo p : pods()) {
            if (p.name().equals(name)) {
                throw new IllegalStateException("pod " + name + " exists on node " + nodeName);
            }
            p.address().ifPresent(a -> used.add(a.address()));
        }
        IpPrefix address = nextFree(gateway, used);
        String host = hostInterfaceName(nsName);
        NetworkNamespace ns = NetworkNamespaces.create(nsName);
        try (ns) {
            ns.links().setUp("lo");
            VethPair.builder().name(host).peerName(POD_INTERFACE).peerNamespace(ns).up(true).create(node);
            node.links().setMaster(host, BRIDGE);
            ns.addresses().add(POD_INTERFACE, address);
            ns.routes().addDefault(gateway.address());
            return new PodInfo(name, nsName, ns.path(), Optional.of(address), host);
        } catch (NetnsException | RuntimeException e) {
            try {
                if (node.links().exists(host)) {
                    node.links().delete(host);
                }
                NetworkNamespaces.delete(nsName);
            } catch (NetnsException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** Removes a pod: its veth pair (deleting one end removes both), then its namespace. */
    void remove(PodInfo pod) throws NetnsException {
        if (node.links().exists(pod.hostInterface())) {
            node.links().delete(pod.hostInterface());
        }
        NetworkNamespaces.delete(pod.namespace());
    }

    /** Removes every pod, the bridge and the node namespace. */
    void removeAll() throws NetnsException {
        for (PodInfo p : pods()) {
            remove(p);
        }
        node.links().delete(BRIDGE);
        node.delete();
    }

    /** {@code veth} and 8 hex digits of a hash of the pod's namespace name: at most 15 bytes, stable, and unlikely to collide. */
    static String hostInterfaceName(String podNamespace) {
        return "veth" + String.format(Locale.ROOT, "%08x", podNamespace.hashCode());
    }

    /** The lowest address of the gateway's subnet after the gateway that is not in {@code used} (the broadcast address excluded). */
    static IpPrefix nextFree(IpPrefix gateway, Set<InetAddress> used) {
        IpPrefix subnet = gateway.network();
        long size = 1L << (32 - subnet.prefixLength());
        for (long i = 2; i < size - 1; i++) {
            InetAddress candidate = offset(subnet, i);
            if (!used.contains(candidate)) {
                return new IpPrefix(candidate, subnet.prefixLength());
            }
        }
        throw new IllegalStateException("subnet " + subnet + " has no free address left");
    }

    /** The address {@code n} after the subnet's network address. */
    static InetAddress offset(IpPrefix subnet, long n) {
        if (!(subnet.address() instanceof Inet4Address)) {
            throw new IllegalArgumentException("the CLI's pod network is IPv4 only: " + subnet);
        }
        byte[] b = subnet.network().address().getAddress();
        long v = ((b[0] & 0xffL) << 24 | (b[1] & 0xffL) << 16 | (b[2] & 0xffL) << 8 | (b[3] & 0xffL)) + n;
        try {
            return InetAddress.getByAddress(new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        node.close();
    }
}
