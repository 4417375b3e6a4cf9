package dev.netns.cni.plugin;

import dev.netns.cni.spec.CniError;
import dev.netns.cni.spec.CniVersion;
import dev.netns.cni.spec.ErrorCodes;
import dev.netns.cni.spec.Json;
import dev.netns.cni.spec.JsonDecodeException;
import dev.netns.cni.spec.JsonObject;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code netns-bridge}, a CNI plugin: the reference {@code bridge} + {@code host-local} pair on the
 * SDK's durable pod network. One process per call: the command in {@code CNI_COMMAND}, the
 * configuration on stdin, the result (or the spec's error object and exit status 1) on stdout, logs
 * on stderr or a file (see {@link PluginLog}).
 */
public final class PluginMain {
    private PluginMain() {
    }

    public static void main(String[] args) {
        int status = run(System.getenv(), System.in, System.out);
        System.out.flush();
        System.exit(status);
    }

    /** One call: returns the exit status after printing the answer to {@code out}. */
    static int run(Map<String, String> environment, InputStream in, PrintStream out) {
        String version = CniVersion.LATEST;
        try {
            PluginEnv env = PluginEnv.read(environment);
            JsonObject conf = Json.parseObject(Json.readBounded(in));
            PluginLog.configure(environment, conf.string("logFile"), conf.string("logLevel"));
            if (env.command().equals("VERSION")) {
                String asked = conf.string("cniVersion").orElse(CniVersion.LATEST);
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("cniVersion", CniVersion.PLUGIN_SUPPORTED.contains(asked) ? asked : CniVersion.LATEST);
                v.put("supportedVersions", CniVersion.PLUGIN_SUPPORTED);
                print(out, v);
                return 0;
            }
            version = BridgeConfig.version(conf);
            if (!BridgeCommands.allows(version, env.command())) {
                throw new PluginFailure(ErrorCodes.INCOMPATIBLE_VERSION, "cniVersion " + version + " has no " + env.command());
            }
            BridgeConfig c = BridgeConfig.parse(conf);
            PluginLog.get().debug("{} {} {} on network {}", env.command(), env.containerId(), env.ifName(), c.name());
            switch (env.command()) {
                case "ADD" -> print(out, BridgeCommands.add(c, env).toJson(version));
                case "DEL" -> BridgeCommands.delete(c, env);
                case "CHECK" -> BridgeCommands.check(c, env);
                case "GC" -> BridgeCommands.gc(c);
                case "STATUS" -> BridgeCommands.status(c);
                default -> throw new AssertionError(env.command());
            }
            return 0;
        } catch (Throwable t) {
            CniError error = toError(version, t);
            if (!(t instanceof PluginFailure) && !(t instanceof JsonDecodeException)) {
                PluginLog.get().debug("failure", t);
            }
            PluginLog.get().error("{} (code {})", error.msg(), error.code());
            print(out, error.toJson());
            return 1;
        }
    }

    static CniError toError(String version, Throwable t) {
        return switch (t) {
            case PluginFailure f -> f.toError(version);
            case JsonDecodeException d -> new CniError(version, ErrorCodes.DECODE_FAILURE, "failed to decode the configuration: "
                    + d.getMessage(), "");
            case IllegalArgumentException e -> new CniError(version, ErrorCodes.INVALID_CONFIG, message(e), "");
            default -> new CniError(version, PluginFailure.OPERATION_FAILED, message(t), "");
        };
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    private static void print(PrintStream out, Object json) {
        byte[] bytes = Json.writePretty(json);
        out.write(bytes, 0, bytes.length);
        out.println();
        out.flush();
    }
}
