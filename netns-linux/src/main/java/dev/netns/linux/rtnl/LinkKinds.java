package dev.netns.linux.rtnl;

import dev.netns.linux.netlink.Attribute;

/**
 * Which class decodes which kind's {@code IFLA_INFO_DATA} (and which master kind's
 * {@code IFLA_INFO_SLAVE_DATA}): a table as a string switch, so adding a kind is one line here and
 * one file. A switch rather than a map of method references: those would be generated classes that
 * a fresh JVM builds before it can read its first link.
 */
final class LinkKinds {
    private LinkKinds() {
    }

    static LinkInfoData decode(String kind, Attribute data) {
        return switch (kind) {
            case VethData.KIND -> VethData.decode(data);
            case BridgeData.KIND -> BridgeData.decode(data);
            case VxlanData.KIND -> VxlanData.decode(data);
            case MacvlanData.KIND -> MacvlanData.decode(data);
            default -> new LinkInfoData.Opaque(data);
        };
    }

    static LinkPortData decodePort(String portKind, Attribute data) {
        return switch (portKind) {
            case BridgePortData.KIND -> BridgePortData.decode(data);
            default -> new LinkPortData.Opaque(data);
        };
    }
}
