package dev.netns.cni.plugin;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * The AOT cache's training run (made at {@code package}, see the module README): the calls a runtime
 * makes, without changing anything on the machine — VERSION, STATUS, a decode failure, and DEL of an
 * attachment on a network that does not exist on this node, which still loads the configuration
 * path, the SDK's FFM and netlink classes and reads the node's links.
 *
 * @param args one argument: a scratch directory (nothing is written there; it only must not be a network's)
 */
public final class AotTraining {
    private AotTraining() {
    }

    public static void main(String[] args) {
        String dataDir = Path.of(args[0]).toAbsolutePath().toString();
        String conf = "{\"cniVersion\":\"1.1.0\",\"name\":\"aot-training\",\"type\":\"netns-bridge\","
                + "\"bridge\":\"aot-train0\",\"isGateway\":true,\"ipam\":{\"type\":\"host-local\",\"dataDir\":\""
                + dataDir + "\",\"ranges\":[[{\"subnet\":\"10.255.254.0/24\"}]],\"routes\":[{\"dst\":\"0.0.0.0/0\"}]}}";
        Map<String, String> del = Map.of("CNI_COMMAND", "DEL", "CNI_CONTAINERID", "aot", "CNI_IFNAME", "eth0",
                "NETNS_CNI_LOG_LEVEL", "off");
        Map<String, String> version = Map.of("CNI_COMMAND", "VERSION", "NETNS_CNI_LOG_LEVEL", "off");
        Map<String, String> status = Map.of("CNI_COMMAND", "STATUS", "NETNS_CNI_LOG_LEVEL", "off");
        int failures = 0;
        for (int i = 0; i < 20; i++) {
            failures += call(version, "{\"cniVersion\":\"1.1.0\"}") == 0 ? 0 : 1;
            failures += call(status, conf) == 0 ? 0 : 1;
            failures += call(del, conf) == 0 ? 0 : 1;
            call(del, "{\"cniVersion\":");                   // the error path: an error object
        }
        if (failures > 0) {
            System.err.println("AOT training: " + failures + " calls failed");
            System.exit(1);
        }
    }

    private static int call(Map<String, String> env, String stdin) {
        return PluginMain.run(env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }
}
