package dev.netns.cni.plugin;

import dev.netns.IpPrefix;
import dev.netns.cni.spec.CniVersion;
import dev.netns.cni.spec.ErrorCodes;
import dev.netns.cni.spec.JsonDecodeException;
import dev.netns.cni.spec.JsonObject;
import dev.netns.cni.spec.Result;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 * @param subnets     one IPv4 and/or one IPv6 subnet from {@code ipam.ranges} (or the legacy {@code ipam.subnet})
 * @param routes      {@code ipam.routes}, to install in the container
 * @param dataDir     host-local's {@code dataDir}, default {@code /var/lib/cni/networks}
 * @param json        the whole configuration (prevResult, dns, valid-attachments are read from it)
 */
record BridgeConfig(String name, String cniVersion, String bridge, OptionalInt mtu, boolean hairpin, boolean promisc,
                    List<IpPrefix> subnets, List<Result.Route> routes, Path dataDir, JsonObject json) {

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
        unsupported(o, "isGateway", false, "the bridge always carries each subnet's gateway (isGateway: true)");
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
        List<IpPrefix> subnets = subnets(ipam);
        List<Result.Route> routes = new ArrayList<>();
        for (JsonObject r : ipam.objects("routes")) {
            routes.add(Result.Route.of(Result.prefix(r, "dst").network(), Result.address(r, "gw")));
        }
        Path dataDir = ipam.string("dataDir").map(Path::of).orElse(DEFAULT_DATA_DIR);
        return new BridgeConfig(name, version, bridge, mtu, o.bool("hairpinMode", false), o.bool("promiscMode", false),
                subnets, routes, dataDir, o);
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

    private static List<IpPrefix> subnets(JsonObject ipam) throws JsonDecodeException, PluginFailure {
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
        List<IpPrefix> subnets = new ArrayList<>();
        for (JsonObject r : ranges) {
            IpPrefix subnet = Result.prefix(r, "subnet").network();
            if (subnets.stream().anyMatch(s -> s.isIpv4() == subnet.isIpv4())) {
                throw new PluginFailure(ErrorCodes.UNSUPPORTED_FIELD, r.where("subnet") + ": at most one IPv4 and one IPv6 subnet");
            }
            for (String key : List.of("rangeStart", "rangeEnd")) {
                if (r.has(key)) {
                    throw new PluginFailure(ErrorCodes.UNSUPPORTED_FIELD, r.where(key) + ": netns-bridge hands out the whole subnet");
                }
            }
            Optional<InetAddress> gw = Result.address(r, "gateway");
            InetAddress first = firstHost(subnet);
            if (gw.isPresent() && !gw.get().equals(first)) {
                throw new PluginFailure(ErrorCodes.UNSUPPORTED_FIELD, r.where("gateway") + ": the gateway is the subnet's first address ("
                        + IpPrefix.format(first) + "), not " + IpPrefix.format(gw.get()));
            }
            subnets.add(subnet);
        }
        subnets.sort((a, b) -> Boolean.compare(!a.isIpv4(), !b.isIpv4()));
        return subnets;
    }

    static InetAddress firstHost(IpPrefix subnet) {
        byte[] b = subnet.network().address().getAddress();
        b[b.length - 1] |= 1;
        try {
            return InetAddress.getByAddress(b);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
