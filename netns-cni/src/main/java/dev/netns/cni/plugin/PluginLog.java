package dev.netns.cni.plugin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;

/**
 * The plugin's log: stderr by default (stdout is the protocol), or a file. Chosen by the config keys
 * {@code logFile} and {@code logLevel} ({@code error}, {@code warn}, {@code info}, {@code debug},
 * {@code trace}; default {@code warn}), or the environment variables {@code NETNS_CNI_LOG_FILE} and
 * {@code NETNS_CNI_LOG_LEVEL}, which win. slf4j-simple is configured before its first logger exists,
 * so the SDK's own messages go to the same place.
 */
final class PluginLog {
    private static volatile Logger log;

    private PluginLog() {
    }

    static void configure(Map<String, String> env, Optional<String> logFile, Optional<String> logLevel) {
        String file = Optional.ofNullable(env.get("NETNS_CNI_LOG_FILE")).or(() -> logFile).orElse("System.err");
        String level = Optional.ofNullable(env.get("NETNS_CNI_LOG_LEVEL")).or(() -> logLevel).orElse("warn");
        System.setProperty("org.slf4j.simpleLogger.logFile", file);
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSX");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
    }

    static Logger get() {
        Logger l = log;
        if (l == null) {
            l = LoggerFactory.getLogger("netns-bridge");
            log = l;
        }
        return l;
    }
}
