package dev.netns.examples;

import dev.netns.Address;
import dev.netns.IpPrefix;
import dev.netns.NetnsException;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import dev.netns.PodNetwork;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The CLI's pod network on a sandbox node: the named node namespace and the SDK's shared network on
 * it, obtained with {@link PodNetwork.Builder#open()} — named after the node, bridge {@value #BRIDGE},
 * pods' namespaces {@code NODE-POD}, reservations in the state directory. Every command is a new
 * JVM that opens the network again and finds the pods earlier commands made; two commands at once
 * are serialized by the state directory's lock, as CNI plugins are.
 *
 * <p>The state directory is host-local's {@code /var/lib/cni/networks} unless {@code --state-dir}
 * or the system property {@value #STATE_PROPERTY} says otherwise (the tests point it at their own).
 */
record PodNode(NetworkNamespace node, PodNetwork network) implements AutoCloseable {
    static final String BRIDGE = "cni0";
    static final String STATE_PROPERTY = "netns.cli.stateDirectory";

    static Path stateDirectory(Args a) {
        return Path.of(a.option("--state-dir").orElse(System.getProperty(STATE_PROPERTY, PodNetwork.Spec.DEFAULT_STATE_DIRECTORY.toString())));
    }

    /**
     * The pod network of an existing node, or empty if there is no such node namespace. Its subnet is
     * read from the gateway on the node's bridge.
     *
     * @throws IllegalStateException if the namespace exists but holds no bridge {@value #BRIDGE}: it is not a pod network
     */
    static Optional<PodNode> open(String nodeName, Path stateDirectory) throws NetnsException {
        if (!NetworkNamespaces.exists(nodeName)) {
            return Optional.empty();
        }
        NetworkNamespace node = NetworkNamespaces.open(nodeName);
        try {
            if (node.links().find(BRIDGE).isEmpty()) {
                throw new IllegalStateException("namespace " + nodeName + " exists but has no bridge " + BRIDGE
                        + ", so it is not a pod network: choose another --node");
            }
            IpPrefix gateway = node.addresses().list(BRIDGE).stream().map(Address::prefix).filter(IpPrefix::isIpv4).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the bridge " + BRIDGE + " in " + nodeName + " has no IPv4 address"));
            return Optional.of(new PodNode(node, builder(node, nodeName, gateway.network(), stateDirectory).open()));
        } catch (NetnsException | RuntimeException e) {
            node.close();
            throw e;
        }
    }

    /** Makes the node namespace ({@code lo} up) and the network on it; nothing is left if a step fails. */
    static PodNode create(String nodeName, IpPrefix subnet, Path stateDirectory) throws NetnsException {
        NetworkNamespace node = NetworkNamespaces.create(nodeName);
        try {
            node.links().setUp("lo");
            return new PodNode(node, builder(node, nodeName, subnet, stateDirectory).open());
        } catch (NetnsException | RuntimeException e) {
            try {
                node.delete();
            } catch (NetnsException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private static PodNetwork.Builder builder(NetworkNamespace node, String nodeName, IpPrefix subnet, Path stateDirectory) {
        return PodNetwork.builder().node(node).name(nodeName).bridgeName(BRIDGE).subnet(subnet.toString())
                .namespacePrefix(nodeName + "-").stateDirectory(stateDirectory);
    }

    /** Releases this command's handles; the node, the network and its pods stay. */
    @Override
    public void close() throws NetnsException {
        try {
            network.close();
        } finally {
            node.close();
        }
    }
}
