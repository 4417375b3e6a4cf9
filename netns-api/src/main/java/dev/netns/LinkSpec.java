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

    /** The MTU rule shared by all builders. */
    static int checkMtu(int mtu) {
        if (mtu <= 0 || mtu > 65535) {
            throw new IllegalArgumentException("MTU must be 1..65535 bytes, is " + mtu);
        }
        return mtu;
    }

    /** The MAC rule shared by all builders: a unicast address. */
    static MacAddress checkMac(MacAddress mac) {
        if (mac == null) {
            throw new IllegalArgumentException("MAC address must not be null");
        }
        if (mac.isMulticast()) {
            throw new IllegalArgumentException("MAC address of an interface must be unicast (first octet even): " + mac);
        }
        return mac;
    }
}
