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
 *
 * @param name       the bridge's interface name
 * @param mtu        the MTU; empty for the kernel's default (1500)
 * @param macAddress a fixed unicast MAC; empty for a random one
 * @param up         whether to bring the bridge up as it is created
 */
public record Bridge(String name, OptionalInt mtu, Optional<MacAddress> macAddress, boolean up) implements LinkSpec {

    /**
     * Checks every component, as the builder does.
     *
     * @throws IllegalArgumentException naming the rule broken
     */
    public Bridge {
        LinkBuilder.checkCommon(name, mtu, macAddress);
    }

    /** A builder; only the name is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Creates this bridge in {@code namespace}: {@code namespace.links().create(this)}.
     *
     * @throws NetnsException with errno {@code EEXIST} if the name is taken
     */
    public Link create(NetworkNamespace namespace) throws NetnsException {
        return Objects.requireNonNull(namespace, "namespace").links().create(this);
    }

    /** {@code Bridge[NAME mtu MTU address MAC up]}, leaving out what is not set. */
    @Override
    public String toString() {
        return "Bridge[" + name + (mtu.isPresent() ? " mtu " + mtu.getAsInt() : "")
                + macAddress.map(m -> " address " + m).orElse("") + (up ? " up" : "") + "]";
    }

    /**
     * Builds a {@link Bridge}. Required: {@code name}. Defaults: kernel MTU (1500), random MAC,
     * down. Setters validate at once and throw {@link IllegalArgumentException} naming the rule.
     */
    public static final class Builder extends LinkBuilder<Builder> {

        private Builder() {
            super("bridge");
        }

        @Override
        Builder self() {
            return this;
        }

        /** The validated specification. @throws IllegalArgumentException if the name is missing */
        public Bridge build() {
            return new Bridge(requireName(), mtu, macAddress, up);
        }

        /** {@code build().create(namespace)}. */
        public Link create(NetworkNamespace namespace) throws NetnsException {
            return build().create(namespace);
        }
    }
}
