package dev.netns.linux.rtnl;

import dev.netns.linux.netlink.Attribute;
import dev.netns.linux.netlink.AttributeWriter;

/**
 * The kind-specific contents of {@code IFLA_INFO_DATA}; one implementation per link kind, each in
 * its own file, and {@link Opaque} for kinds the library does not model.
 */
sealed interface LinkInfoData permits VethData, BridgeData, VxlanData, MacvlanData, LinkInfoData.Opaque {

    /** Writes the attributes inside {@code IFLA_INFO_DATA} (the nest itself is written by the caller). */
    void writeContents(AttributeWriter out);

    /** The data of a kind without a model, kept as the raw {@code IFLA_INFO_DATA} value. */
    record Opaque(Attribute attribute) implements LinkInfoData {
        public void writeContents(AttributeWriter out) {
            out.raw(attribute.value());
        }
    }
}
