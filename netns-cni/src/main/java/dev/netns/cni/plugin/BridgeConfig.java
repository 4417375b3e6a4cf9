package dev.netns.cni.plugin;

import dev.netns.IpPrefix;
import dev.netns.PodSubnet;
import dev.netns.cni.spec.CniVersion;
import dev.netns.cni.spec.ErrorCodes;
import dev.netns.cni.spec.JsonDecodeException;
import dev.netns.cni.spec.JsonObject;
import dev.netns.cni.spec.Result;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * netns-bridge's configuration: the reference {@code bridge} plugin's keys with {@code ipam.type:
 * "host-local"}. Unknown keys are ignored as the spec allows; keys whose meaning netns-bridge does
 * not implement are refused with code 2 rather than silently dropped.
 *
 * @param name        the network's name (host-local's directory under {@code dataDir})
 * @param cniVersion  the version to answer in
 * @param bridge      the bridge's name, default {@code cni0}
 * @param mtu         MTU of the bridge and the veths
 * @param hairpin     {@code hairpinMode}
 * @param promisc     {@code promiscMode}: the bridge in promiscuous mode
 * @param isGateway   {@code isGateway} (or {@code isDefaultGateway}): the bridge carries the gateways
 * @param isDefaultGateway {@code isDefaultGateway}: a default route via each family's gateway in the container
 * @param ranges      one IPv4 and/or one IPv6 range from {@code ipam.ranges} (or the legacy {@code ipam.subnet}):
 *                    subnet, gateway, {@code rangeStart}, {@code rangeEnd}, with host-local's defaults
 * @param routes      {@code ipam.routes}, to install in the container
 * @param dataDir     host-local's {@code dataDir}, default {@code /var/lib/cni/networks}
 * @param json        the whole configuration (prevResult, dns, valid-attachments are read from it)
 */
record BridgeConfig(String name, String cniVersion, String bridge, OptionalInt mtu, boolean hairpin, boolean promisc,
                    boolean isGateway, boolean isDefaultGateway, List<PodSubnet> ranges, List<Result.Route> routes,
                    Path dataDir, JsonObject json) {

    static final Path DEFAULT_DATA_DIR = Path.of("/var/lib/cni/networks");

    /** The version of a configuration, checked against what the plugin speaks (code 1 if not). */
    static String version(JsonObject o) throws JsonDecodeException, PluginFailure {
        String v = o.string("cniVersion").orElse("0.1.0");
        if (!CniVersion.PLUGIN_SUPPORTED.contains(v)) {
            throw new PluginFailure(ErrorCodes.INCOMPATIBLE_VERSION, "netns-bridge does not speak cniVersion " + v,
                    "supported: " + String.join(", ", CniVersion.PLUGIN_SUPPORTED));
        }
        return v;
    }

    static BridgeConfig parse(JsonObject o) throws JsonDecodeException, PluginFailure {
        String version = version(o);
        String name = o.requireString("name");
        String bridge = o.string("bridge").orElse("cni0");
        if (bridge.isEmpty() || bridge.length() > 15 || bridge.contains("/") || bridge.chars().anyMatch(Character::isWhitespace)) {
            throw new PluginFailure(ErrorCodes.INVALID_CONFIG, "bridge: not an interface name (1-15 bytes, no '/' or spaces): \"" + bridge + "\"");
        }
        unsupported(o, "ipMasq", true, "netns-bridge installs no masquerading rules; chain a firewall plugin or leave ipMasq out");
        unsupported(o, "vlan", null, "VLAN filtering is not implemented");
        OptionalInt mtu = o.integer("mtu");
        if (mtu.isPresent() && (mtu.getAsInt() < 68 || mtu.getAsInt() > 65535)) {
            throw new PluginFailure(ErrorCodes.INVALID_CONFIG, "mtu: must be 68..65535, is " + mtu.getAsInt());
        }
        JsonObject ipam = o.object("ipam").orElseThrow(() -> new PluginFailure(ErrorCodes.INVALID_CONFIG,
                "ipam: required, with \"type\": \"host-local\""));
        String type = ipam.string("type").orElse("");
        if (!type.equals("host-local")) {
            throw new PluginFailure(ErrorCodes.UNSUPPORTED_FIELD, "ipam.type: netns-bridge does its own host-local IPAM; \""
                    + type + "\" is not supported");
        }
        List<PodSubnet> ranges = ranges(ipam);
        List<Result.Route> routes = new ArrayList<>();
        for (JsonObject r : ipam.objects("routes")) {
            routes.add(Result.Route.of(Result.prefix(r, "dst").network(), Result.address(r, "gw")));
        }
        Path dataDir = ipam.string("dataDir").map(Path::of).orElse(DEFAULT_DATA_DIR);
        boolean isDefaultGateway = o.bool("isDefaultGateway", false);
        return new BridgeConfig(name, version, bridge, mtu, o.bool("hairpinMode", false), o.bool("promiscMode", false),
                o.bool("isGateway", false) || isDefaultGateway, isDefaultGateway, ranges, routes, dataDir, o);
    }

    /** Refuses a key set to {@code refused} (any value when {@code refused} is null). */
    private static void unsupported(JsonObject o, String key, Boolean refused, String why) throws PluginFailure, JsonDecodeException {
        if (!o.has(key)) {
            return;
        }
        if (refused == null || o.bool(key, !refused) == refused) {
            throw new PluginFailure(ErrorCodes.UNSUPPORTED_FIELD, key + ": " + why);
        }
    }

    private static List<PodSubnet> ranges(JsonObject ipam) throws JsonDecodeException, PluginFailure {
        List<JsonObject> ranges = new ArrayList<>();
        if (ipam.has("ranges")) {
            List<Object> sets = ipam.list("ranges");
            for (int i = 0; i < sets.size(); i++) {
                if (!(sets.get(i) instanceof List<?> set)) {
                    throw new JsonDecodeException("ipam.ranges[" + i + "]: expected a list of ranges");
                }
                if (set.size() != 1) {
                    throw new PluginFailure(ErrorCodes.UNSUPPORTED_FIELD, "ipam.ranges[" + i + "]: netns-bridge takes exactly one "
                            + "range per range set, got " + set.size());
                }
                ranges.add(JsonObject.element("ipam.ranges[" + i + "][0]", set.get(0)));
            }
        } else if (ipam.has("subnet")) {
            ranges.add(ipam);
        }
        if (ranges.isEmpty()) {
            throw new PluginFailure(ErrorCodes.INVALID_CONFIG, "ipam: needs \"ranges\": [[{\"subnet\": \"10.88.0.0/16\"}]]");
        }
        List<PodSubnet> out = new ArrayList<>();
        for (JsonObject r : ranges) {
            IpPrefix subnet = Result.prefix(r, "subnet").network();
            if (out.stream().anyMatch(s -> s.subnet().isIpv4() == subnet.isIpv4())) {
                throw new PluginFailure(ErrorCodes.UNSUPPORTED_FIELD, r.where("subnet") + ": at most one IPv4 and one IPv6 subnet");
            }
            PodSubnet defaults;
            try {
                defaults = PodSubnet.of(subnet);
            } catch (IllegalArgumentException e) {
                throw new PluginFailure(ErrorCodes.INVALID_CONFIG, r.where("subnet") + ": " + e.getMessage());
            }
            InetAddress gateway = Result.address(r, "gateway").orElse(defaults.gateway());
            InetAddress first = Result.address(r, "rangeStart").orElse(defaults.first());
            InetAddress last = Result.address(r, "rangeEnd").orElse(defaults.last());
            try {
                out.add(new PodSubnet(subnet, gateway, first, last));
            } catch (IllegalArgumentException e) {   // the message names gateway, range start or range end
                String key = e.getMessage().startsWith("gateway") ? "gateway" : e.getMessage().startsWith("range end") ? "rangeEnd"
                        : e.getMessage().startsWith("range start") ? "rangeStart" : "subnet";
                throw new PluginFailure(ErrorCodes.INVALID_CONFIG, r.where(key) + ": " + e.getMessage());
            }
        }
        out.sort((a, b) -> Boolean.compare(!a.subnet().isIpv4(), !b.subnet().isIpv4()));
        return out;
    }
}
