package dev.netns;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A Linux bridge: a virtual switch that ports (veth ends, macvlans' parents, ...) are enslaved to
 * with {@link Links#setMaster(String, String)}. Created with the kernel's defaults (STP off,
 * no VLAN filtering). Equivalent to {@code ip link add NAME type bridge}.
 *
 * {@snippet :
 * Link br = Bridge.builder().name("cni0").mtu(1450).up(true).create(nodeNs);
 * nodeNs.links().setMaster("veth1", "cni0");   // ip link set veth1 master cni0
 * }
 */
public final class Bridge implements LinkSpec {
    private final String name;
    private final OptionalInt mtu;
    private final Optional<MacAddress> mac;
    private final boolean up;

    private Bridge(Builder b) {
        this.name = b.name;
        this.mtu = b.mtu == null ? OptionalInt.empty() : OptionalInt.of(b.mtu);
        this.mac = Optional.ofNullable(b.mac);
        this.up = b.up;
    }

    /** A builder; only the name is required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public OptionalInt mtu() {
        return mtu;
    }

    @Override
    public Optional<MacAddress> macAddress() {
        return mac;
    }

    @Override
    public boolean up() {
        return up;
    }

    /**
     * Creates this bridge in {@code namespace}: {@code namespace.links().create(this)}.
     *
     * @throws NetnsException with errno {@code EEXIST} if the name is taken
     */
    public Link create(NetworkNamespace namespace) throws NetnsException {
        return Objects.requireNonNull(namespace, "namespace").links().create(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bridge b && b.name.equals(name) && b.mtu.equals(mtu) && b.mac.equals(mac) && b.up == up;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, mtu, mac, up);
    }

    @Override
    public String toString() {
        return "Bridge[" + name + (mtu.isPresent() ? " mtu " + mtu.getAsInt() : "") + mac.map(m -> " address " + m).orElse("")
                + (up ? " up" : "") + "]";
    }

    /**
     * Builds a {@link Bridge}. Required: {@link #name}. Defaults: kernel MTU (1500), random MAC,
     * down. Setters validate at once and throw {@link IllegalArgumentException} naming the rule.
     */
    public static final class Builder {
        private String name;
        private Integer mtu;
        private MacAddress mac;
        private boolean up;

        private Builder() {
        }

        /** The bridge's interface name. */
        public Builder name(String name) {
            this.name = InterfaceNames.check(name);
            return this;
        }

        /** MTU, 1..65535 bytes. */
        public Builder mtu(int mtu) {
            this.mtu = LinkSpec.checkMtu(mtu);
            return this;
        }

        /** A fixed unicast MAC instead of a random one. */
        public Builder macAddress(MacAddress mac) {
            this.mac = LinkSpec.checkMac(mac);
            return this;
        }

        /** Bring the bridge up as it is created (default: false). */
        public Builder up(boolean up) {
            this.up = up;
            return this;
        }

        /** The validated specification. @throws IllegalArgumentException if the name is missing */
        public Bridge build() {
            if (name == null) {
                throw new IllegalArgumentException("bridge needs a name: call name(...)");
            }
            return new Bridge(this);
        }

        /** {@code build().create(namespace)}. */
        public Link create(NetworkNamespace namespace) throws NetnsException {
            return build().create(namespace);
        }
    }
}
