package dev.netns.linux.rtnl;

import dev.netns.linux.netlink.Attribute;

import java.util.Map;
import java.util.function.Function;

/** Which class decodes which kind's {@code IFLA_INFO_DATA} (and which master kind's {@code IFLA_INFO_SLAVE_DATA}): a table, so adding a kind is one line here and one file. */
final class LinkKinds {
    private static final Map<String, Function<Attribute, LinkInfoData>> DECODERS = Map.of(
            VethData.KIND, VethData::decode,
            BridgeData.KIND, BridgeData::decode,
            VxlanData.KIND, VxlanData::decode,
            MacvlanData.KIND, MacvlanData::decode);

    private static final Map<String, Function<Attribute, LinkPortData>> PORT_DECODERS = Map.of(
            BridgePortData.KIND, BridgePortData::decode);

    private LinkKinds() {
    }

    static LinkInfoData decode(String kind, Attribute data) {
        Function<Attribute, LinkInfoData> decoder = DECODERS.get(kind);
        return decoder == null ? new LinkInfoData.Opaque(data) : decoder.apply(data);
    }

    static LinkPortData decodePort(String portKind, Attribute data) {
        Function<Attribute, LinkPortData> decoder = PORT_DECODERS.get(portKind);
        return decoder == null ? new LinkPortData.Opaque(data) : decoder.apply(data);
    }
}
