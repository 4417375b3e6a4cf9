package dev.netns.witness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What iproute2 sees, parsed from its JSON output: named namespaces, and the links, addresses and
 * routes of a named namespace. An independent witness of what the library did: these read the
 * kernel through another program, never through the library.
 *
 * {@snippet :
 * assertTrue(Ip.netnsList().contains("red"));
 * Ip.Link eth0 = Ip.link("red", "eth0").orElseThrow();
 * assertEquals("br0", eth0.master().orElseThrow());
 * assertTrue(Ip.addresses("red").stream().anyMatch(a -> a.local().equals("10.0.0.2")));
 * }
 *
 * <p>Every call runs {@code ip} through {@link Commands} (bounded in time) and throws
 * {@link AssertionError} if it fails, e.g. for a namespace that does not exist. A namespace argument
 * is a name under {@code /run/netns}; {@code null} is not accepted: the methods without one read
 * the caller's own namespace.
 */
public final class Ip {
    private Ip() {
    }

    /**
     * A link as {@code ip -j -d link show} reports it.
     *
     * @param index     its interface index ({@code ifindex})
     * @param name      its name ({@code ifname})
     * @param kind      the link kind ({@code linkinfo.info_kind}: {@code veth}, {@code bridge}, ...), empty for a
     *                  physical or loopback device
     * @param mtu       the MTU in bytes
     * @param operState the operational state ({@code UP}, {@code DOWN}, {@code LOWERLAYERDOWN}, {@code UNKNOWN}, ...)
     * @param flags     the device flags ({@code UP}, {@code LOWER_UP}, {@code BROADCAST}, ...)
     * @param master    the name of the bridge (or other master) it is enslaved to
     * @param mac       its link-layer address, {@code aa:bb:cc:dd:ee:ff}; empty if it has none
     * @param group     its device group ({@code default} or a number)
     */
    public record Link(int index, String name, Optional<String> kind, int mtu, String operState, List<String> flags,
                       Optional<String> master, Optional<String> mac, String group) {
        /** Whether the administrative flag {@code UP} is set. */
        public boolean isUp() {
            return flags.contains("UP");
        }
    }

    /**
     * An address as {@code ip -j addr show} reports it.
     *
     * @param link         the name of the link that carries it
     * @param family       {@code inet} or {@code inet6}
     * @param local        the address, e.g. {@code 10.0.0.2} or {@code fd00::2}
     * @param prefixLength the prefix length
     * @param scope        {@code global}, {@code link}, {@code host}
     */
    public record Address(String link, String family, String local, int prefixLength, String scope) {
        /** {@code local/prefixLength}, as {@code ip addr} prints it. */
        public String cidr() {
            return local + "/" + prefixLength;
        }
    }

    /**
     * A route as {@code ip -j route show} reports it.
     *
     * @param destination {@code default} or a prefix ({@code 10.0.0.0/24}; a host route without {@code /32})
     * @param gateway     the next hop, if any
     * @param device      the output device, if any (a blackhole route has none)
     * @param protocol    who made it ({@code kernel}, {@code boot}, {@code static}, a number), if reported
     * @param scope       {@code link}, {@code host}, or empty for the default {@code global}
     */
    public record Route(String destination, Optional<String> gateway, Optional<String> device, Optional<String> protocol,
                        Optional<String> scope) {
    }

    /** {@code ip netns list}: the names of the named namespaces, sorted. */
    public static List<String> netnsList() {
        List<String> names = new ArrayList<>();
        for (String line : Commands.run("ip", "netns", "list").split("\n")) {
            if (!line.isBlank()) {
                names.add(line.strip().split(" ")[0]);
            }
        }
        names.sort(null);
        return names;
    }

    /**
     * {@code ip netns del NAME}, if {@code /run/netns/NAME} exists: best-effort clean-up for a test's
     * {@code finally}. Returns whether {@code ip} removed it.
     */
    public static boolean netnsDeleteIfPresent(String name) {
        if (!Files.exists(Path.of("/run/netns", name))) {
            return false;
        }
        return Commands.exec("ip", "netns", "del", name).ok();
    }

    /** {@code ip netns del} of every named namespace whose name starts with {@code prefix} (clean-up). */
    public static void netnsDeleteAll(String prefix) {
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("an empty prefix would delete every named namespace");
        }
        for (String name : netnsList()) {
            if (name.startsWith(prefix)) {
                netnsDeleteIfPresent(name);
            }
        }
    }

    /** {@code ip -n NAMESPACE ARGS...}: output of any {@code ip} command inside a named namespace. */
    public static String in(String namespace, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", namespace));
        cmd.addAll(List.of(args));
        return Commands.run(cmd.toArray(String[]::new));
    }

    /** {@code ip -j -d -n NAMESPACE link show}. */
    public static List<Link> links(String namespace) {
        return parseLinks(in(namespace, "-j", "-d", "link", "show"));
    }

    /** {@code ip -j -d link show} of the caller's own namespace (read only). */
    public static List<Link> links() {
        return parseLinks(Commands.run("ip", "-j", "-d", "link", "show"));
    }

    /** The link of that name in a named namespace, from {@link #links(String)}. */
    public static Optional<Link> link(String namespace, String name) {
        return links(namespace).stream().filter(l -> l.name().equals(name)).findFirst();
    }

    /** {@code ip -j -n NAMESPACE addr show}: every address of every link, IPv4 and IPv6. */
    public static List<Address> addresses(String namespace) {
        List<Address> out = new ArrayList<>();
        for (Map<String, Object> link : objects(in(namespace, "-j", "addr", "show"))) {
            String name = string(link, "ifname");
            for (Object a : list(link, "addr_info")) {
                Map<String, Object> m = asObject(a);
                out.add(new Address(name, string(m, "family"), string(m, "local"), (int) number(m, "prefixlen"),
                        optional(m, "scope").orElse("global")));
            }
        }
        return out;
    }

    /** {@code ip -j -n NAMESPACE route show}: the IPv4 routes of the main table. */
    public static List<Route> routes(String namespace) {
        return parseRoutes(in(namespace, "-j", "route", "show"));
    }

    /** {@code ip -j -6 -n NAMESPACE route show}: the IPv6 routes of the main table. */
    public static List<Route> routes6(String namespace) {
        return parseRoutes(in(namespace, "-j", "-6", "route", "show"));
    }

    /**
     * The JSON array a command prints, e.g. {@code ip -j -n NS neigh show} or {@code bridge -j -n NS fdb show},
     * for what the typed witnesses do not cover: objects as {@code Map<String, Object>} (in the order
     * printed), arrays as {@code List}, numbers as {@code Long} or {@code Double}, JSON {@code null}
     * as {@code null}. Empty output reads as an empty array.
     *
     * @throws AssertionError if the command fails or does not print a JSON array of objects
     */
    public static List<Map<String, Object>> json(String... command) {
        return objects(Commands.run(command));
    }

    static List<Link> parseLinks(String json) {
        List<Link> out = new ArrayList<>();
        for (Map<String, Object> m : objects(json)) {
            Optional<String> kind = Optional.empty();
            if (m.get("linkinfo") instanceof Map<?, ?> info && info.get("info_kind") instanceof String k) {
                kind = Optional.of(k);
            }
            List<String> flags = list(m, "flags").stream().map(String::valueOf).toList();
            out.add(new Link((int) number(m, "ifindex"), string(m, "ifname"), kind, (int) number(m, "mtu"),
                    optional(m, "operstate").orElse("UNKNOWN"), flags, optional(m, "master"), optional(m, "address"),
                    m.containsKey("group") ? String.valueOf(m.get("group")) : "default"));
        }
        return out;
    }

    static List<Route> parseRoutes(String json) {
        List<Route> out = new ArrayList<>();
        for (Map<String, Object> m : objects(json)) {
            out.add(new Route(string(m, "dst"), optional(m, "gateway"), optional(m, "dev"), optional(m, "protocol"),
                    optional(m, "scope")));
        }
        return out;
    }

    private static List<Map<String, Object>> objects(String json) {
        if (json.isBlank()) {
            return List.of(); // some iproute2 versions print nothing for an empty dump
        }
        Object v;
        try {
            v = Json.parse(json);
        } catch (IllegalArgumentException e) {
            throw new AssertionError("ip -j printed no valid JSON: " + e.getMessage() + ": " + json, e);
        }
        if (!(v instanceof List<?> l)) {
            throw new AssertionError("ip -j printed no JSON array: " + json);
        }
        return l.stream().map(Ip::asObject).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asObject(Object o) {
        if (!(o instanceof Map<?, ?>)) {
            throw new AssertionError("ip -j: expected an object, got " + o);
        }
        return (Map<String, Object>) o;
    }

    private static List<?> list(Map<String, Object> m, String key) {
        return m.get(key) instanceof List<?> l ? l : List.of();
    }

    private static String string(Map<String, Object> m, String key) {
        return optional(m, key).orElseThrow(() -> new AssertionError("ip -j: no \"" + key + "\" in " + m));
    }

    private static Optional<String> optional(Map<String, Object> m, String key) {
        return m.get(key) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    private static long number(Map<String, Object> m, String key) {
        if (m.get(key) instanceof Long n) {
            return n;
        }
        throw new AssertionError("ip -j: no number \"" + key + "\" in " + m);
    }
}
