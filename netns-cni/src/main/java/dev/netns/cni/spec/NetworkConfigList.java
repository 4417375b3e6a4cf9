package dev.netns.cni.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A network configuration list ({@code .conflist}): a named network and the plugins run for it in
 * order. A single network configuration ({@code .conf}, one object with a {@code type}) reads as a
 * list of one, as libcni does.
 *
 * @param name         the network's name (unique on the node)
 * @param cniVersion   the version every plugin of the list is called with (negotiated from
 *                     {@code cniVersions} when that is present)
 * @param disableCheck true when the runtime must not call CHECK
 * @param disableGC    true when the runtime must not call GC
 * @param plugins      the plugins, in ADD order
 */
public record NetworkConfigList(String name, String cniVersion, boolean disableCheck, boolean disableGC,
                                List<NetworkConfig> plugins) {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.\\-]*");

    public NetworkConfigList {
        plugins = List.copyOf(plugins);
    }

    /** Parses a {@code .conflist} or a single {@code .conf}. */
    public static NetworkConfigList parse(byte[] bytes) throws JsonDecodeException {
        JsonObject o = Json.parseObject(bytes);
        String name = o.requireString("name");
        if (name.length() > 253 || !NAME.matcher(name).matches()) {
            throw new JsonDecodeException("name: must start with a letter or digit, followed by letters, digits, "
                    + "'_', '.' or '-', got \"" + name + "\"");
        }
        String version = negotiate(o);
        List<NetworkConfig> plugins = new ArrayList<>();
        if (o.has("plugins")) {
            for (JsonObject p : o.objects("plugins")) {
                plugins.add(NetworkConfig.fromJson(p));
            }
            if (plugins.isEmpty()) {
                throw new JsonDecodeException("plugins: a network configuration list needs at least one plugin");
            }
        } else if (o.has("type")) {
            plugins.add(NetworkConfig.fromJson(o));
        } else {
            throw new JsonDecodeException("neither \"plugins\" (a .conflist) nor \"type\" (a single .conf) is present");
        }
        return new NetworkConfigList(name, version, flag(o, "disableCheck"), flag(o, "disableGC"), plugins);
    }

    /** The highest of {@code cniVersions} this library knows, else {@code cniVersion}, else 0.1.0. */
    private static String negotiate(JsonObject o) throws JsonDecodeException {
        Optional<String> best = Optional.empty();
        for (String v : o.strings("cniVersions")) {
            if (CniVersion.isValid(v) && CniVersion.compare(v, CniVersion.LATEST) <= 0
                    && (best.isEmpty() || CniVersion.compare(v, best.get()) > 0)) {
                best = Optional.of(v);
            }
        }
        String version = best.isPresent() ? best.get() : o.string("cniVersion").orElse("0.1.0");
        if (!CniVersion.isValid(version)) {
            throw new JsonDecodeException("cniVersion: not a version (MAJOR.MINOR.PATCH): \"" + version + "\"");
        }
        return version;
    }

    /** Older configs write {@code "disableCheck": "true"}; both forms are read. */
    private static boolean flag(JsonObject o, String key) throws JsonDecodeException {
        Optional<Object> v = o.raw(key);
        if (v.isPresent() && v.get() instanceof String s) {
            if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(s);
            }
            throw new JsonDecodeException(key + ": expected true or false, got \"" + s + "\"");
        }
        return o.bool(key, false);
    }
}
