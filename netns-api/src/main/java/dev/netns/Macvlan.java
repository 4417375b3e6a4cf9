package dev.netns;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A macvlan: a virtual interface with its own MAC address on top of a parent device, in the same
 * namespace as the parent when created (move it with {@link Links#moveTo} afterwards). Equivalent
 * to {@code ip link add NAME link PARENT type macvlan mode MODE}.
 *
 * {@snippet :
 * Link mv = Macvlan.builder()
 *         .name("mv0")
 *         .parent("eth0")
 *         .mode(Macvlan.Mode.BRIDGE)
 *         .create(ns);
 * }
 *
 * @param name       the macvlan's interface name
 * @param parent     the parent device's name, in the namespace the macvlan is created in
 * @param mode       how macvlans on one parent reach each other
 * @param mtu        the MTU, at most the parent's (the kernel checks that); empty for the parent's
 * @param macAddress a fixed unicast MAC; empty for a random one
 * @param up         whether to bring the macvlan up as it is created
 */
public record Macvlan(String name, String parent, Mode mode, OptionalInt mtu, Optional<MacAddress> macAddress,
                      boolean up) implements LinkSpec {

    /** How macvlans on one parent reach each other ({@code MACVLAN_MODE_*} in {@code <linux/if_link.h>}). */
    public enum Mode {
        /** {@code private}: no traffic between macvlans of the parent. */
        PRIVATE(1),
        /** {@code vepa}: traffic between macvlans goes out to an external switch and back. */
        VEPA(2),
        /** {@code bridge}: macvlans of the parent talk directly (the default). */
        BRIDGE(4),
        /** {@code passthru}: one macvlan takes over the parent. */
        PASSTHRU(8),
        /** {@code source}: traffic is assigned by source MAC address. */
        SOURCE(16);

        private final int value;

        Mode(int value) {
            this.value = value;
        }

        /** The kernel's {@code MACVLAN_MODE_*} value. */
        public int value() {
            return value;
        }
    }

    /**
     * Checks every component, as the builder does.
     *
     * @throws IllegalArgumentException naming the rule broken
     */
    public Macvlan {
        LinkBuilder.checkCommon(name, mtu, macAddress);
        InterfaceNames.check(parent);
        Objects.requireNonNull(mode, "mode");
        if (name.equals(parent)) {
            throw new IllegalArgumentException("macvlan cannot be its own parent: \"" + name + "\"");
        }
    }

    /** A builder; the name and the parent are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Creates this macvlan in {@code namespace}, where the parent must exist.
     *
     * @throws NoSuchLinkException if the parent does not exist there
     */
    public Link create(NetworkNamespace namespace) throws NetnsException {
        return Objects.requireNonNull(namespace, "namespace").links().create(this);
    }

    /** {@code Macvlan[NAME link PARENT mode MODE]}. */
    @Override
    public String toString() {
        return "Macvlan[" + name + " link " + parent + " mode " + mode.name().toLowerCase(java.util.Locale.ROOT) + "]";
    }

    /**
     * Builds a {@link Macvlan}. Required: {@link #name(String)}, {@link #parent}. Defaults: mode
     * {@link Mode#BRIDGE}, the parent's MTU, random MAC, down.
     */
    public static final class Builder extends LinkBuilder<Builder> {
        private String parent;
        private Mode mode = Mode.BRIDGE;

        private Builder() {
            super("macvlan");
        }

        @Override
        Builder self() {
            return this;
        }

        /** The parent device ({@code link PARENT}), in the namespace the macvlan is created in. */
        public Builder parent(String parent) {
            this.parent = InterfaceNames.check(parent);
            return this;
        }

        /** How macvlans on the parent reach each other (default {@link Mode#BRIDGE}). */
        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** @throws IllegalArgumentException if the name or parent is missing, or they are equal */
        public Macvlan build() {
            String n = requireName();
            if (parent == null) {
                throw new IllegalArgumentException("macvlan needs a parent device: call parent(...)");
            }
            return new Macvlan(n, parent, mode, mtu, macAddress, up);
        }

        /** {@code build().create(namespace)}. */
        public Link create(NetworkNamespace namespace) throws NetnsException {
            return build().create(namespace);
        }
    }
}
