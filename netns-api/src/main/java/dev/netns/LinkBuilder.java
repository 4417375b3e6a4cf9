package dev.netns;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The options every kind of link has (name, MTU, MAC address, up), their validating setters and
 * the checks the finished specs repeat. Package-private on purpose: the public builders
 * ({@link Bridge.Builder}, {@link Vxlan.Builder}, {@link Macvlan.Builder},
 * {@link VethPair.Builder}) extend it, so its public setters are callable through them and
 * javac adds public bridge methods to those builders (reflection sees them too), while this
 * class stays out of the API.
 *
 * @param <B> the concrete builder, returned by every setter so calls chain
 */
abstract class LinkBuilder<B extends LinkBuilder<B>> {
    private final String kind;
    // read by the subclasses' build()
    String name;
    OptionalInt mtu = OptionalInt.empty();
    Optional<MacAddress> macAddress = Optional.empty();
    boolean up;

    /** @param kind how error messages name the kind, e.g. {@code "bridge"} */
    LinkBuilder(String kind) {
        this.kind = kind;
    }

    /** {@code this}, typed as the concrete builder. */
    abstract B self();

    /** The interface name, 1..15 bytes without {@code '/'}, {@code ':'} or whitespace (required). */
    public B name(String name) {
        this.name = InterfaceNames.check(name);
        return self();
    }

    /** The MTU, 1..65535 bytes (default: the kernel's for the kind). */
    public B mtu(int mtu) {
        this.mtu = OptionalInt.of(LinkChecks.checkMtu(mtu));
        return self();
    }

    /** A fixed unicast MAC address instead of a random one chosen by the kernel. */
    public B macAddress(MacAddress mac) {
        this.macAddress = Optional.of(LinkChecks.checkMac(mac));
        return self();
    }

    /** Bring the interface up as it is created (default: false). */
    public B up(boolean up) {
        this.up = up;
        return self();
    }

    /** The name, or an {@link IllegalArgumentException} saying it is missing. */
    final String requireName() {
        if (name == null) {
            throw new IllegalArgumentException(kind + " needs a name: call name(...)");
        }
        return name;
    }

    /**
     * The rules for the shared components of a spec, for the specs' compact constructors (a spec
     * can also be made directly, without a builder).
     */
    static void checkCommon(String name, OptionalInt mtu, Optional<MacAddress> macAddress) {
        InterfaceNames.check(name);
        if (Objects.requireNonNull(mtu, "mtu").isPresent()) {
            LinkChecks.checkMtu(mtu.getAsInt());
        }
        if (Objects.requireNonNull(macAddress, "macAddress").isPresent()) {
            LinkChecks.checkMac(macAddress.get());
        }
    }
}
