package dev.netns.cni.runtime;

import java.io.IOException;

/**
 * Starts a plugin process. The default is {@link ProcessBuilder#start()}: the plugin runs in the
 * caller's namespaces, which are the node's. {@code NetworkNamespace::start} runs plugins inside a
 * namespace standing in for the node (a sandbox, a test).
 */
@FunctionalInterface
public interface PluginLauncher {
    Process start(ProcessBuilder builder) throws IOException;
}
