package dev.netns.cni.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One container's attachment to a network: what the runtime tells every plugin through the
 * environment ({@code CNI_CONTAINERID}, {@code CNI_NETNS}, {@code CNI_IFNAME}, {@code CNI_ARGS}) and the
 * capability arguments plugins receive as {@code runtimeConfig}.
 *
 * {@snippet :
 * Attachment a = Attachment.of("c1", Path.of("/run/netns/c1"), "eth0")
 *         .withArg("K8S_POD_NAME", "web")
 *         .withCapability("portMappings", List.of(Capabilities.portMapping(8080, 80, "tcp")));
 * }
 *
 * @param containerId    the container's id: letters, digits, '_', '.', '-'
 * @param netns          path of the container's network namespace (nsfs), e.g. {@code /run/netns/c1}
 * @param ifName         the interface name inside the container (1–15 bytes, no '/', ':' or space)
 * @param args           {@code CNI_ARGS} key/value pairs, in order
 * @param capabilityArgs capability name to value, passed to plugins declaring that capability
 */
public record Attachment(String containerId, Path netns, String ifName, Map<String, String> args,
                         Map<String, Object> capabilityArgs) {
    private static final Pattern ID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.\\-]*");

    public Attachment {
        Objects.requireNonNull(netns, "netns");
        checkContainerId(containerId);
        checkIfName(ifName);
        args = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(args));
        for (Map.Entry<String, String> e : args.entrySet()) {
            if (e.getKey().isEmpty() || (e.getKey() + e.getValue()).matches(".*[;=].*")) {
                throw new IllegalArgumentException("CNI_ARGS keys and values may not contain ';' or '=' (and keys not be empty): "
                        + e.getKey() + "=" + e.getValue());
            }
        }
        capabilityArgs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(capabilityArgs));
    }

    /** An attachment without CNI_ARGS or capability arguments. */
    public static Attachment of(String containerId, Path netns, String ifName) {
        return new Attachment(containerId, netns, ifName, Map.of(), Map.of());
    }

    /** This attachment with one more {@code CNI_ARGS} pair. */
    public Attachment withArg(String key, String value) {
        Map<String, String> a = new LinkedHashMap<>(args);
        a.put(key, value);
        return new Attachment(containerId, netns, ifName, a, capabilityArgs);
    }

    /** This attachment with a capability argument ({@code portMappings}, {@code bandwidth}, ...). */
    public Attachment withCapability(String capability, Object value) {
        Map<String, Object> c = new LinkedHashMap<>(capabilityArgs);
        c.put(capability, value);
        return new Attachment(containerId, netns, ifName, args, c);
    }

    /** {@code CNI_ARGS} as the spec writes it: {@code K1=V1;K2=V2}. */
    public String cniArgs() {
        List<String> parts = new ArrayList<>();
        args.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(";", parts);
    }

    static void checkContainerId(String id) {
        Objects.requireNonNull(id, "containerId");
        if (id.length() > 1024 || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("container id must start with a letter or digit, followed by letters, "
                    + "digits, '_', '.' or '-' (at most 1024): \"" + id + "\"");
        }
    }

    static void checkIfName(String name) {
        Objects.requireNonNull(name, "ifName");
        if (name.isEmpty() || name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 15 || name.equals(".")
                || name.equals("..") || name.chars().anyMatch(c -> c == '/' || c == ':' || Character.isWhitespace(c))) {
            throw new IllegalArgumentException("interface name must be 1-15 bytes without '/', ':' or spaces: \"" + name + "\"");
        }
    }
}
