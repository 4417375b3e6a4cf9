package dev.netns;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * What to create: a kind-specific, validated description of a new interface, made by a kind's
 * builder ({@link VethPair#builder()}, {@link Bridge#builder()}, {@link Vxlan#builder()},
 * {@link Macvlan#builder()}) and passed to {@link Links#create(LinkSpec)}. Only the options valid
 * for the kind exist.
 */
public sealed interface LinkSpec permits VethPair.Spec, Bridge, Vxlan, Macvlan {

    /** The new interface's name. */
    String name();

    /** The MTU; empty for the kernel's default for the kind. */
    OptionalInt mtu();

    /** The hardware address; empty for a random one chosen by the kernel. */
    Optional<MacAddress> macAddress();

    /** Whether to bring the interface up as it is created. */
    boolean up();
}
