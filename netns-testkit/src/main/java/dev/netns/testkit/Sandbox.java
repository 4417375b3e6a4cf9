package dev.netns.testkit;

import dev.netns.NetnsException;
import dev.netns.NetworkNamespace;
import dev.netns.Pod;
import dev.netns.PodNetwork;
import dev.netns.witness.SandboxNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A pod network in a {@link SandboxNode} of its own: a named namespace {@code tk-<pid>-<n>} standing in for
 * the host, so the bridge and the pods' host ends never touch the machine's namespace. Pods are named
 * {@code tk-<pid>-<n>-<pod>}.
 */
final class Sandbox implements Owned {
    private final SandboxNode node;
    private final PodNetwork network;

    private Sandbox(SandboxNode node, PodNetwork network) {
        this.node = node;
        this.network = network;
    }

    static Sandbox create(NetSpec spec) throws NetnsException {
        SandboxNode node = SandboxNode.open(Sweeper.OWNER);
        try {
            PodNetwork.Builder b = PodNetwork.builder()
                    .node(node.namespace())
                    .bridgeName(spec.bridge())
                    .subnet(spec.subnet())
                    .namespacePrefix(node.prefix());
            if (!spec.ipv6Subnet().isEmpty()) {
                b.subnet(spec.ipv6Subnet());
            }
            if (spec.mtu() != 0) {
                b.mtu(spec.mtu());
            }
            return new Sandbox(node, b.create());
        } catch (NetnsException | RuntimeException e) {
            try {
                node.close();
            } catch (NetnsException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    PodNetwork network() {
        return network;
    }

    /** The network first (pods, veths, bridge), then the node and whatever is left under its prefix, even if the network failed. */
    @Override
    public void close() throws Exception {
        try {
            network.close();
        } finally {
            node.close();
        }
    }

    @Override
    public String describe() {
        String name = node.name();
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
            names.add(node.name());
            inodes.add(node.namespace().id().inode());
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
            all.add(node.namespace());
        }
        if (!network.isClosed()) {
            network.pods().forEach(p -> all.add(p.namespace()));
        }
        return all;
    }
}
