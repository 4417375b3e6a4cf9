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
 */
public final class Macvlan implements LinkSpec {

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

    private final String name;
    private final String parent;
    private final Mode mode;
    private final OptionalInt mtu;
    private final Optional<MacAddress> mac;
    private final boolean up;

    private Macvlan(Builder b) {
        this.name = b.name;
        this.parent = b.parent;
        this.mode = b.mode;
        this.mtu = b.mtu == null ? OptionalInt.empty() : OptionalInt.of(b.mtu);
        this.mac = Optional.ofNullable(b.mac);
        this.up = b.up;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return name;
    }

    /** The parent device's name, in the namespace the macvlan is created in. */
    public String parent() {
        return parent;
    }

    public Mode mode() {
        return mode;
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
     * Creates this macvlan in {@code namespace}, where the parent must exist.
     *
     * @throws NoSuchLinkException if the parent does not exist there
     */
    public Link create(NetworkNamespace namespace) throws NetnsException {
        return Objects.requireNonNull(namespace, "namespace").links().create(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Macvlan m && m.name.equals(name) && m.parent.equals(parent) && m.mode == mode
                && m.mtu.equals(mtu) && m.mac.equals(mac) && m.up == up;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, parent, mode, mtu, mac, up);
    }

    @Override
    public String toString() {
        return "Macvlan[" + name + " link " + parent + " mode " + mode.name().toLowerCase(java.util.Locale.ROOT) + "]";
    }

    /**
     * Builds a {@link Macvlan}. Required: {@link #name}, {@link #parent}. Defaults: mode
     * {@link Mode#BRIDGE}, the parent's MTU, random MAC, down.
     */
    public static final class Builder {
        private String name;
        private String parent;
        private Mode mode = Mode.BRIDGE;
        private Integer mtu;
        private MacAddress mac;
        private boolean up;

        private Builder() {
        }

        public Builder name(String name) {
            this.name = InterfaceNames.check(name);
            return this;
        }

        /** The parent device ({@code link PARENT}). */
        public Builder parent(String parent) {
            this.parent = InterfaceNames.check(parent);
            return this;
        }

        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** MTU, 1..65535 bytes, at most the parent's (the kernel checks that). */
        public Builder mtu(int mtu) {
            this.mtu = LinkSpec.checkMtu(mtu);
            return this;
        }

        public Builder macAddress(MacAddress mac) {
            this.mac = LinkSpec.checkMac(mac);
            return this;
        }

        public Builder up(boolean up) {
            this.up = up;
            return this;
        }

        /** @throws IllegalArgumentException if the name or parent is missing, or they are equal */
        public Macvlan build() {
            if (name == null) {
                throw new IllegalArgumentException("macvlan needs a name: call name(...)");
            }
            if (parent == null) {
                throw new IllegalArgumentException("macvlan needs a parent device: call parent(...)");
            }
            if (name.equals(parent)) {
                throw new IllegalArgumentException("macvlan cannot be its own parent: \"" + name + "\"");
            }
            return new Macvlan(this);
        }

        public Link create(NetworkNamespace namespace) throws NetnsException {
            return build().create(namespace);
        }
    }
}
