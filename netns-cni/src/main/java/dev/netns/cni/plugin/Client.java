package dev.netns.cni.plugin;

import java.nio.file.Path;

/**
 * The launcher's Java entry point. {@code netns-bridge agent [FILE]} starts the resident {@link Agent}
 * (announced in FILE, default {@code /run/netns-cni/agent}); otherwise this is one plugin call run
 * here by {@link PluginMain} — the launcher script starts a JVM only when no agent served the call.
 */
public final class Client {
    private Client() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("agent")) {
            Agent.main(args.length > 1 ? Path.of(args[1]) : AgentProtocol.DEFAULT_FILE);
            return;
        }
        PluginMain.main(args);
    }
}
