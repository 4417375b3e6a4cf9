package dev.netns.cni.spec;

import dev.netns.IpPrefix;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A plugin's success result (spec "Success"): the interfaces it created, the addresses on them, routes
 * and DNS. The same shape is the {@code prevResult} the next plugin of a chain receives.
 *
 * @param cniVersion the version the result is written in
 * @param interfaces the interfaces, referred to by index from {@link IpConfig#interfaceIndex()}
 * @param ips        the addresses
 * @param routes     routes inside the sandbox
 * @param dns        DNS information, empty lists/strings when none
 */
public record Result(String cniVersion, List<Interface> interfaces, List<IpConfig> ips, List<Route> routes, Dns dns) {
    public Result {
        interfaces = List.copyOf(interfaces);
        ips = List.copyOf(ips);
        routes = List.copyOf(routes);
    }

    /**
     * One interface.
     *
     * @param sandbox the namespace path for an interface inside the container, empty for host-side ones
     */
    public record Interface(String name, Optional<String> mac, OptionalInt mtu, Optional<String> sandbox) {
    }

    /**
     * One address.
     *
     * @param interfaceIndex index into {@link Result#interfaces()}
     */
    public record IpConfig(IpPrefix address, Optional<InetAddress> gateway, OptionalInt interfaceIndex) {
    }

    /** One route; {@code gw} empty means the interface's default; the 1.1.0 attributes are optional. */
    public record Route(IpPrefix dst, Optional<InetAddress> gw, OptionalInt mtu, OptionalInt priority,
                        OptionalInt table, OptionalInt scope) {
        public static Route of(IpPrefix dst, Optional<InetAddress> gw) {
            return new Route(dst, gw, OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty());
        }
    }

    /** DNS settings; empty lists and strings when not set. */
    public record Dns(List<String> nameservers, String domain, List<String> search, List<String> options) {
        public static final Dns NONE = new Dns(List.of(), "", List.of(), List.of());

        public Dns {
            nameservers = List.copyOf(nameservers);
            search = List.copyOf(search);
            options = List.copyOf(options);
        }

        boolean isEmpty() {
            return nameservers.isEmpty() && domain.isEmpty() && search.isEmpty() && options.isEmpty();
        }
    }

    /** This result written for {@code version}: before 1.0.0 each IP carries its {@code version}. */
    public Map<String, Object> toJson(String version) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cniVersion", version);
        List<Object> ifs = new ArrayList<>();
        for (Interface i : interfaces) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("name", i.name());
            i.mac().ifPresent(v -> o.put("mac", v));
            if (CniVersion.atLeast(version, "1.1.0")) {
                i.mtu().ifPresent(v -> o.put("mtu", v));
            }
            i.sandbox().ifPresent(v -> o.put("sandbox", v));
            ifs.add(o);
        }
        if (!ifs.isEmpty()) {
            m.put("interfaces", ifs);
        }
        List<Object> addrs = new ArrayList<>();
        for (IpConfig ip : ips) {
            Map<String, Object> o = new LinkedHashMap<>();
            if (!CniVersion.atLeast(version, "1.0.0")) {
                o.put("version", ip.address().isIpv4() ? "4" : "6");
            }
            ip.interfaceIndex().ifPresent(v -> o.put("interface", v));
            o.put("address", ip.address().toString());
            ip.gateway().ifPresent(g -> o.put("gateway", IpPrefix.format(g)));
            addrs.add(o);
        }
        if (!addrs.isEmpty()) {
            m.put("ips", addrs);
        }
        List<Object> rts = new ArrayList<>();
        for (Route r : routes) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("dst", r.dst().toString());
            r.gw().ifPresent(g -> o.put("gw", IpPrefix.format(g)));
            if (CniVersion.atLeast(version, "1.1.0")) {
                r.mtu().ifPresent(v -> o.put("mtu", v));
                r.priority().ifPresent(v -> o.put("priority", v));
                r.table().ifPresent(v -> o.put("table", v));
                r.scope().ifPresent(v -> o.put("scope", v));
            }
            rts.add(o);
        }
        if (!rts.isEmpty()) {
            m.put("routes", rts);
        }
        Map<String, Object> d = new LinkedHashMap<>();
        if (!dns.nameservers().isEmpty()) {
            d.put("nameservers", dns.nameservers());
        }
        if (!dns.domain().isEmpty()) {
            d.put("domain", dns.domain());
        }
        if (!dns.search().isEmpty()) {
            d.put("search", dns.search());
        }
        if (!dns.options().isEmpty()) {
            d.put("options", dns.options());
        }
        m.put("dns", d);
        return m;
    }

    /** Reads a result (or a prevResult); a missing {@code cniVersion} reads as {@code defaultVersion}. */
    public static Result fromJson(JsonObject o, String defaultVersion) throws JsonDecodeException {
        List<Interface> ifs = new ArrayList<>();
        for (JsonObject i : o.objects("interfaces")) {
            ifs.add(new Interface(i.requireString("name"), i.string("mac"), i.integer("mtu"), i.string("sandbox")));
        }
        List<IpConfig> ips = new ArrayList<>();
        for (JsonObject ip : o.objects("ips")) {
            OptionalInt index = ip.integer("interface");
            if (index.isPresent() && (index.getAsInt() < 0 || index.getAsInt() >= ifs.size())) {
                throw new JsonDecodeException(ip.where("interface") + ": " + index.getAsInt()
                        + " is not an index into interfaces (" + ifs.size() + " of them)");
            }
            ips.add(new IpConfig(prefix(ip, "address"), address(ip, "gateway"), index));
        }
        List<Route> routes = new ArrayList<>();
        for (JsonObject r : o.objects("routes")) {
            routes.add(new Route(prefix(r, "dst"), address(r, "gw"), r.integer("mtu"), r.integer("priority"),
                    r.integer("table"), r.integer("scope")));
        }
        Dns dns = Dns.NONE;
        Optional<JsonObject> d = o.object("dns");
        if (d.isPresent()) {
            JsonObject x = d.get();
            dns = new Dns(x.strings("nameservers"), x.string("domain").orElse(""), x.strings("search"), x.strings("options"));
        }
        return new Result(o.string("cniVersion").orElse(defaultVersion), ifs, ips, routes, dns);
    }

    /** A CIDR field ({@code 10.1.0.5/24}); a bad one names its path. */
    public static IpPrefix prefix(JsonObject o, String key) throws JsonDecodeException {
        String text = o.requireString(key);
        try {
            return IpPrefix.parse(text);
        } catch (IllegalArgumentException e) {
            throw new JsonDecodeException(o.where(key) + ": " + e.getMessage());
        }
    }

    /** An optional IP address field; a bad one names its path. */
    public static Optional<InetAddress> address(JsonObject o, String key) throws JsonDecodeException {
        Optional<String> text = o.string(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(IpPrefix.parseAddress(text.get()));
        } catch (IllegalArgumentException e) {
            throw new JsonDecodeException(o.where(key) + ": " + e.getMessage());
        }
    }
}
