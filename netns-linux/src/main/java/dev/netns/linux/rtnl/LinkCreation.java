package dev.netns.linux.rtnl;

import java.util.OptionalInt;

/**
 * How a link is created beyond its spec: enslaved to a master from the start
 * ({@code ip link add ... master M}), in a device group ({@code ... group G}), and whether the
 * kernel is to send the new link back ({@code NLM_F_ECHO}; kernels from 6.3 do, older ones only
 * acknowledge). Immutable; start from {@link #plain()}.
 *
 * @param master the master's index, or empty
 * @param group  the device group, or empty for the default group
 * @param echoed whether to ask for the new link in the reply
 */
public record LinkCreation(OptionalInt master, OptionalInt group, boolean echoed) {
    private static final LinkCreation PLAIN = new LinkCreation(OptionalInt.empty(), OptionalInt.empty(), false);

    public LinkCreation {
        if (master.isPresent() && master.getAsInt() <= 0) {
            throw new IllegalArgumentException("master index must be positive, is " + master.getAsInt());
        }
    }

    /** No master, the default group, no echo. */
    public static LinkCreation plain() {
        return PLAIN;
    }

    /** As this, enslaved to the master of that index. */
    public LinkCreation master(int index) {
        return new LinkCreation(OptionalInt.of(index), group, echoed);
    }

    /** As this, in device group {@code group} (any u32 but 0, the default group). */
    public LinkCreation group(int group) {
        if (group == 0) {
            throw new IllegalArgumentException("device group 0 is the default group; leave the group unset instead");
        }
        return new LinkCreation(master, OptionalInt.of(group), echoed);
    }

    /** As this, asking the kernel to send the new link back. */
    public LinkCreation echo() {
        return new LinkCreation(master, group, true);
    }
}
