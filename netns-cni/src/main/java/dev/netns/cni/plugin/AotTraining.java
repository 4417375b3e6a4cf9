package dev.netns.cni.plugin;

import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import dev.netns.cni.spec.Json;
import dev.netns.cni.spec.JsonObject;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The AOT cache's training run (made at {@code package}, see the module README): the calls a runtime
 * makes, so that the classes, method handles and FFM downcall shapes they need are in the cache.
 * With the privileges to make namespaces it runs ADD, CHECK, GC and DEL for real inside two
 * anonymous namespaces of its own (a node and a container, gone when it ends); without them only
 * VERSION, STATUS, a decode failure and DEL of a network that is not there, which change nothing.
 *
 * @param args one argument: a scratch directory for host-local's state
 */
public final class AotTraining {
    private AotTraining() {
    }

    public static void main(String[] args) throws Exception {
        String dataDir = Path.of(args[0]).toAbsolutePath().toString();
        String conf = "{\"cniVersion\":\"1.1.0\",\"name\":\"aot-training\",\"type\":\"netns-bridge\","
                + "\"bridge\":\"aot-train0\",\"isGateway\":true,\"ipam\":{\"type\":\"host-local\",\"dataDir\":\""
                + dataDir + "\",\"ranges\":[[{\"subnet\":\"10.255.254.0/24\"}]],\"routes\":[{\"dst\":\"0.0.0.0/0\"}]}}";
        for (int i = 0; i < 5; i++) {
            call(env("VERSION", ""), "{\"cniVersion\":\"1.1.0\"}");
            call(env("STATUS", ""), conf);
            call(env("DEL", "/nonexistent"), conf);
            call(env("DEL", ""), "{\"cniVersion\":");        // the error path: an error object
        }
        String reason = NetworkNamespaces.unavailableReason().orElse("");
        if (!reason.isEmpty()) {
            System.err.println("AOT training without namespaces (" + reason + "): ADD, CHECK and GC are not in the cache");
            return;
        }
        try (NetworkNamespace node = NetworkNamespaces.create(); NetworkNamespace container = NetworkNamespaces.create()) {
            node.links().setUp("lo");
            String netns = container.path().toString();
            for (int i = 0; i < 3; i++) {
                String result = node.call(() -> call(env("ADD", netns), conf));
                Map<String, Object> withPrev = Json.parseObject(conf.getBytes(StandardCharsets.UTF_8)).copy();
                withPrev.put("prevResult", Json.parseObject(result.getBytes(StandardCharsets.UTF_8)).asMap());
                String check = new String(Json.write(withPrev), StandardCharsets.UTF_8);
                node.call(() -> call(env("CHECK", netns), check));
                node.call(() -> call(env("DEL", netns), conf));
                node.call(() -> call(env("ADD", netns), conf));
                Map<String, Object> gc = JsonObject.of(withPrev).copy();
                gc.remove("prevResult");
                gc.put("cni.dev/valid-attachments", java.util.List.of());
                node.call(() -> call(env("GC", ""), new String(Json.write(gc), StandardCharsets.UTF_8)));
            }
        }
    }

    private static Map<String, String> env(String command, String netns) {
        Map<String, String> env = new HashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", "aot-training");
        env.put("CNI_IFNAME", "eth0");
        env.put("NETNS_CNI_LOG_LEVEL", "off");
        if (!netns.isEmpty()) {
            env.put("CNI_NETNS", netns);
        }
        return env;
    }

    /** One in-process call; a failure of a call that should succeed stops the build. */
    private static String call(Map<String, String> env, String stdin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = PluginMain.run(env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        if (status != 0 && stdin.endsWith("}") && !env.get("CNI_COMMAND").equals("DEL")) {
            throw new IllegalStateException("AOT training: " + env.get("CNI_COMMAND") + " failed: " + text);
        }
        return text;
    }
}
