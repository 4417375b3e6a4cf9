package dev.netns.cni.spec;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One plugin's entry of a network configuration list: its {@code type} (the executable's name), the
 * capabilities it declares, and the whole object as given (plugin-specific keys are passed on
 * untouched).
 *
 * @param type         the plugin executable's file name
 * @param capabilities the capability names set to {@code true} ({@code portMappings}, {@code bandwidth} ...)
 * @param json         the entry as written in the file
 */
public record NetworkConfig(String type, Set<String> capabilities, JsonObject json) {
    public NetworkConfig {
        capabilities = Set.copyOf(capabilities);
    }

    /** Reads one plugin entry; {@code type} must be a plain file name. */
    public static NetworkConfig fromJson(JsonObject o) throws JsonDecodeException {
        String type = o.requireString("type");
        if (type.isEmpty() || type.contains("/") || type.equals(".") || type.equals("..")) {
            throw new JsonDecodeException(o.where("type") + ": must be a plugin file name without '/', got \"" + type + "\"");
        }
        Set<String> caps = new LinkedHashSet<>();
        var c = o.object("capabilities");
        if (c.isPresent()) {
            for (Map.Entry<String, Object> e : c.get().asMap().entrySet()) {
                if (c.get().bool(e.getKey(), false)) {
                    caps.add(e.getKey());
                }
            }
        }
        return new NetworkConfig(type, caps, o);
    }
}
