package dev.netns;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One virtual Ethernet pair: two interfaces joined back to back, usually with one end in a pod's
 * namespace and the other in the node's.
 *
 * {@snippet :
 * VethPair veth = VethPair.builder()
 *         .name("veth1")           // lives in hostNs
 *         .peerName("eth0")        // lives in pod
 *         .peerNamespace(pod)
 *         .mtu(1450)
 *         .up(true)
 *         .create(hostNs);
 * }
 *
 * <p>The peer is created directly inside its namespace with its final name (one request, no
 * create-then-move). The namespaces passed are borrowed, not owned: the pair keeps references to
 * them and never closes them. Equivalent to
 * {@code ip link add NAME type veth peer name PEER netns PEERNS}.
 */
public final class VethPair {
    private final End end;
    private final End peer;

    /** One end of a pair: its name, index and the namespace it lives in. */
    public record End(String name, int index, NetworkNamespace namespace) {
    }

    /** Made by {@link Builder#create} once the kernel has created both ends. */
    private VethPair(End end, End peer) {
        this.end = Objects.requireNonNull(end, "end");
        this.peer = Objects.requireNonNull(peer, "peer");
    }

    /** A builder with no defaults for the names. */
    public static Builder builder() {
        return new Builder();
    }

    /** The end created in the namespace passed to {@link Builder#create(NetworkNamespace)}. */
    public End end() {
        return end;
    }

    /** The peer end, in {@link Builder#peerNamespace(NetworkNamespace)}. */
    public End peer() {
        return peer;
    }

    /** The name of {@link #end()}. */
    public String name() {
        return end.name();
    }

    /** The name of {@link #peer()}. */
    public String peerName() {
        return peer.name();
    }

    /**
     * Deletes the pair (deleting one end removes both). Equivalent to {@code ip link del NAME}.
     *
     * @throws NoSuchLinkException if it was already gone
     */
    public void delete() throws NetnsException {
        end.namespace().links().delete(end.name());
    }

    @Override
    public String toString() {
        return end.name() + "@" + end.namespace().id() + " <-> " + peer.name() + "@" + peer.namespace().id();
    }

    /**
     * The validated description of a pair, as passed to {@link Links#create(LinkSpec)}.
     *
     * @param name          the end created in the namespace that executes the request
     * @param peerName      the peer's name
     * @param peerNamespace where the peer is created; empty for the same namespace
     * @param mtu           the MTU of both ends; empty for the kernel default (1500)
     * @param macAddress    the end's MAC; empty for random
     * @param peerMacAddress the peer's MAC; empty for random
     * @param up            whether to bring both ends up
     */
    public record Spec(String name, String peerName, Optional<NetworkNamespace> peerNamespace, OptionalInt mtu,
                       Optional<MacAddress> macAddress, Optional<MacAddress> peerMacAddress, boolean up)
            implements LinkSpec {
        public Spec {
            LinkBuilder.checkCommon(name, mtu, macAddress);
            InterfaceNames.check(peerName);
            Objects.requireNonNull(peerNamespace, "peerNamespace");
            if (Objects.requireNonNull(peerMacAddress, "peerMacAddress").isPresent()) {
                LinkChecks.checkMac(peerMacAddress.get());
            }
            if (peerNamespace.isEmpty() && name.equals(peerName)) {
                throw new IllegalArgumentException("veth ends in one namespace need different names, both are \"" + name + "\"");
            }
        }
    }

    /**
     * Builds a pair. Required: {@link #name(String)} (the end created in the namespace passed to
     * {@link #create}) and {@link #peerName}. Defaults: peer in the same namespace, kernel default
     * MTU (1500), random MACs, both ends down. The MTU and {@link #up(boolean)} apply to both ends,
     * {@link #macAddress(MacAddress)} to the end only. Every setter validates at once and throws
     * {@link IllegalArgumentException} naming the rule broken.
     */
    public static final class Builder extends LinkBuilder<Builder> {
        private String peerName;
        private Optional<NetworkNamespace> peerNamespace = Optional.empty();
        private Optional<MacAddress> peerMac = Optional.empty();

        private Builder() {
            super("veth pair");
        }

        @Override
        Builder self() {
            return this;
        }

        /** The name of the peer end. */
        public Builder peerName(String peerName) {
            this.peerName = InterfaceNames.check(peerName);
            return this;
        }

        /** Where the peer is created (default: the same namespace as the end). Borrowed, not closed. */
        public Builder peerNamespace(NetworkNamespace peerNamespace) {
            this.peerNamespace = Optional.of(Objects.requireNonNull(peerNamespace, "peerNamespace"));
            return this;
        }

        /** MAC of the peer ({@link #macAddress(MacAddress)} sets the end's). */
        public Builder peerMacAddress(MacAddress mac) {
            this.peerMac = Optional.of(LinkChecks.checkMac(mac));
            return this;
        }

        /** The validated specification. @throws IllegalArgumentException if a name is missing */
        public Spec build() {
            String n = requireName();
            if (peerName == null) {
                throw new IllegalArgumentException("veth pair needs a peer name: call peerName(...)");
            }
            return new Spec(n, peerName, peerNamespace, mtu, macAddress, peerMac, up);
        }

        /**
         * Creates the pair with {@link #name(String)} in {@code namespace} and the peer in
         * {@link #peerNamespace}. Fails with {@link NetnsException} (errno {@code EEXIST}) if a
         * name is taken in either namespace; nothing is left behind on failure.
         */
        public VethPair create(NetworkNamespace namespace) throws NetnsException {
            Objects.requireNonNull(namespace, "namespace");
            Spec spec = build();
            Link link = namespace.links().create(spec);
            NetworkNamespace peerNs = spec.peerNamespace().orElse(namespace);
            // a veth reports its peer's index (in the peer's own namespace) as IFLA_LINK
            int peerIndex = link.linkIndex().isPresent()
                    ? link.linkIndex().getAsInt()
                    : peerNs.links().get(spec.peerName()).index();
            return new VethPair(new End(link.name(), link.index(), namespace), new End(spec.peerName(), peerIndex, peerNs));
        }
    }
}
