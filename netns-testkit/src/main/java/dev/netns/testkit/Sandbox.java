package dev.netns.testkit;

import dev.netns.NetnsException;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import dev.netns.Pod;
import dev.netns.PodNetwork;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A pod network in a sandbox node of its own: a named namespace {@code tk-<pid>-<n>} standing in for
 * the host, so the bridge and the pods' host ends never touch the machine's namespace. Pods are named
 * {@code tk-<pid>-<n>-<pod>}.
 */
final class Sandbox implements Owned {
    private final NetworkNamespace node;
    private final PodNetwork network;

    private Sandbox(NetworkNamespace node, PodNetwork network) {
        this.node = node;
        this.network = network;
    }

    static Sandbox create(NetSpec spec) throws NetnsException {
        NetworkNamespace node = NetworkNamespaces.create(TestkitNames.next());
        try {
            PodNetwork.Builder b = PodNetwork.builder()
                    .node(node)
                    .bridgeName(spec.bridge())
                    .subnet(spec.subnet())
                    .namespacePrefix(node.name().orElseThrow() + "-");
            if (!spec.ipv6Subnet().isEmpty()) {
                b.subnet(spec.ipv6Subnet());
            }
            if (spec.mtu() != 0) {
                b.mtu(spec.mtu());
            }
            return new Sandbox(node, b.create());
        } catch (NetnsException | RuntimeException e) {
            try {
                node.delete();
            } catch (NetnsException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    PodNetwork network() {
        return network;
    }

    /** The network first (pods, veths, bridge), then the node; the node goes even if the network failed. */
    @Override
    public void close() throws Exception {
        try {
            network.close();
        } finally {
            try {
                if (!node.isClosed()) {
                    node.delete();
                }
            } finally {
                node.close();
            }
        }
    }

    @Override
    public String describe() {
        String name = node.name().orElseThrow();
        StringBuilder sb = new StringBuilder("pod network ").append(network.subnets()).append(" on bridge ")
                .append(network.bridgeName()).append(" in sandbox node ").append(name)
                .append(" (ip netns exec ").append(name).append(" ...)");
        for (Pod p : network.isClosed() ? List.<Pod>of() : network.pods()) {
            sb.append("; pod ").append(p.name()).append(' ').append(p.address().getHostAddress()).append(" in ")
                    .append(p.namespace().name().orElse("?"));
        }
        return sb.toString();
    }

    @Override
    public void collect(Set<String> names, Set<Long> inodes) {
        if (!node.isClosed()) {
            names.add(node.name().orElseThrow());
            inodes.add(node.id().inode());
        }
        if (!network.isClosed()) {
            for (Pod p : network.pods()) {
                p.namespace().name().ifPresent(names::add);
                inodes.add(p.namespace().id().inode());
            }
        }
    }

    @Override
    public List<NetworkNamespace> namespaces() {
        List<NetworkNamespace> all = new ArrayList<>();
        if (!node.isClosed()) {
            all.add(node);
        }
        if (!network.isClosed()) {
            network.pods().forEach(p -> all.add(p.namespace()));
        }
        return all;
    }
}
