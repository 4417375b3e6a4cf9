package dev.netns.linux.rtnl;

import dev.netns.linux.netlink.Attribute;
import dev.netns.linux.netlink.AttributeWriter;

/**
 * The contents of {@code IFLA_INFO_SLAVE_DATA}: a port's settings on its master, one implementation
 * per master kind ({@link BridgePortData}), and {@link Opaque} for masters the library does not model.
 */
sealed interface LinkPortData permits BridgePortData, LinkPortData.Opaque {

    /** Writes the attributes inside {@code IFLA_INFO_SLAVE_DATA} (the nest itself is written by the caller). */
    void writeContents(AttributeWriter out);

    /** The port data of a master kind without a model, kept as the raw value. */
    record Opaque(Attribute attribute) implements LinkPortData {
        public void writeContents(AttributeWriter out) {
            out.raw(attribute.value());
        }
    }
}
