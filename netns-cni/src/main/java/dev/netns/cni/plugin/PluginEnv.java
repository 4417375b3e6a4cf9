package dev.netns.cni.plugin;

import dev.netns.cni.spec.ErrorCodes;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The spec's environment: {@code CNI_COMMAND} always; {@code CNI_CONTAINERID}, {@code CNI_NETNS}
 * (not for DEL, whose namespace may be gone) and {@code CNI_IFNAME} for ADD, DEL and CHECK.
 */
record PluginEnv(String command, String containerId, Optional<Path> netns, String ifName) {
    private static final Pattern ID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.\\-]*");

    static PluginEnv read(Map<String, String> env) throws PluginFailure {
        String command = env.getOrDefault("CNI_COMMAND", "");
        switch (command) {
            case "VERSION", "STATUS", "GC" -> {
                return new PluginEnv(command, "", Optional.empty(), "");
            }
            case "ADD", "DEL", "CHECK" -> {
                String id = require(env, "CNI_CONTAINERID");
                if (id.length() > 1024 || !ID.matcher(id).matches()) {
                    throw new PluginFailure(ErrorCodes.INVALID_ENVIRONMENT, "CNI_CONTAINERID must start with a letter or digit, "
                            + "followed by letters, digits, '_', '.' or '-': \"" + id + "\"");
                }
                String ifName = require(env, "CNI_IFNAME");
                if (ifName.length() > 15 || ifName.contains("/") || ifName.contains(":") || ifName.isBlank()
                        || ifName.equals(".") || ifName.equals("..") || ifName.chars().anyMatch(Character::isWhitespace)) {
                    throw new PluginFailure(ErrorCodes.INVALID_ENVIRONMENT,
                            "CNI_IFNAME must be an interface name (1-15 bytes, no '/', ':' or spaces): \"" + ifName + "\"");
                }
                String netns = env.getOrDefault("CNI_NETNS", "");
                if (netns.isEmpty() && !command.equals("DEL")) {
                    throw new PluginFailure(ErrorCodes.INVALID_ENVIRONMENT, "CNI_NETNS is required for " + command);
                }
                return new PluginEnv(command, id, netns.isEmpty() ? Optional.empty() : Optional.of(Path.of(netns)), ifName);
            }
            case "" -> throw new PluginFailure(ErrorCodes.INVALID_ENVIRONMENT, "CNI_COMMAND is not set");
            default -> throw new PluginFailure(ErrorCodes.INVALID_ENVIRONMENT, "unknown CNI_COMMAND \"" + command
                    + "\" (ADD, DEL, CHECK, GC, STATUS or VERSION)");
        }
    }

    private static String require(Map<String, String> env, String key) throws PluginFailure {
        String v = env.getOrDefault(key, "");
        if (v.isEmpty()) {
            throw new PluginFailure(ErrorCodes.INVALID_ENVIRONMENT, key + " is required");
        }
        return v;
    }
}
