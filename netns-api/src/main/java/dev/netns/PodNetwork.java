package dev.netns;

import dev.netns.spi.NetnsProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A node's pod network, the way Kubernetes' bridge CNI plugin builds one: a bridge in the node
 * namespace carrying each subnet's gateway (its first address), and pods attached to it, each with
 * its own namespace, an {@code eth0} with the next free address and a default route via the gateway.
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
 * <p>The network owns everything it creates (bridge, pods' namespaces and veths) and removes all of
 * it on {@link #close()}. The node namespace is borrowed: never closed or deleted. All methods are
 * thread-safe; pods may be added and removed from several threads at once.
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

    /** The subnets pods draw addresses from, IPv4 first. */
    List<IpPrefix> subnets();

    /** The gateway (bridge) address of each subnet, in the order of {@link #subnets()}. */
    List<IpPrefix> gateways();

    /**
     * Adds a pod: a named namespace with {@code lo} up, a veth pair whose {@code eth0} end is inside
     * the pod with the next free address of each subnet and whose host end is enslaved to the bridge,
     * and a default route via each gateway. A failure half-way leaves nothing behind and the network
     * usable.
     *
     * @throws IllegalArgumentException if the name is not a valid pod name
     * @throws IllegalStateException    if a pod of that name exists, a subnet is exhausted, or after {@link #close()}
     * @throws NamespaceAlreadyExistsException if the pod's namespace name is taken outside this network
     */
    Pod addPod(String name) throws NetnsException;

    /** The pod of that name. @throws java.util.NoSuchElementException if there is none */
    Pod pod(String name);

    /** The pods, in the order they were added. */
    List<Pod> pods();

    /** Removes a pod: its namespace, veth pair and addresses; its addresses return to the pool. @throws java.util.NoSuchElementException if there is none */
    void removePod(String name) throws NetnsException;

    /** Whether {@link #close()} has been called. */
    boolean isClosed();

    /**
     * Tears the whole network down: every pod (their namespaces are deleted together, so the kernel's
     * per-device teardown waits overlap), every veth, the bridge. Idempotent. Failures are collected:
     * the first is thrown with the others suppressed, after everything possible was removed.
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
     */
    record Spec(Optional<NetworkNamespace> node, String bridgeName, List<IpPrefix> subnets, OptionalInt mtu,
                String namespacePrefix, boolean hairpin) {
        public Spec {
            Objects.requireNonNull(node, "node");
            InterfaceNames.check(bridgeName);
            subnets = List.copyOf(subnets);
            if (subnets.isEmpty()) {
                throw new IllegalArgumentException("a pod network needs a subnet: call subnet(\"10.244.1.0/24\")");
            }
            if (subnets.stream().filter(IpPrefix::isIpv4).count() > 1 || subnets.stream().filter(s -> !s.isIpv4()).count() > 1) {
                throw new IllegalArgumentException("a pod network takes at most one IPv4 and one IPv6 subnet: " + subnets);
            }
            mtu.ifPresent(LinkSpec::checkMtu);
            Objects.requireNonNull(namespacePrefix, "namespacePrefix");
            if (!namespacePrefix.isEmpty()) {
                NamespaceNames.check(namespacePrefix);
            }
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

        private Builder() {
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
            subnets.add(p);
            return this;
        }

        /** The MTU of the bridge and of both ends of every pod's veth. */
        public Builder mtu(int mtu) {
            this.mtu = LinkSpec.checkMtu(mtu);
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

        /** The validated specification. */
        public Spec build() {
            return new Spec(Optional.ofNullable(node), bridgeName, subnets, mtu == null ? OptionalInt.empty() : OptionalInt.of(mtu),
                    namespacePrefix, hairpin);
        }

        /**
         * Creates the bridge with the gateway addresses, up, in the node namespace. Fails without
         * leaving anything behind, e.g. with {@link NetnsException} {@code EEXIST} if the bridge name is taken.
         */
        public PodNetwork create() throws NetnsException {
            return NetnsProvider.get().createPodNetwork(build());
        }
    }
}
