package dev.netns.cni.runtime;

import dev.netns.cni.spec.CniVersion;
import dev.netns.cni.spec.Json;
import dev.netns.cni.spec.JsonDecodeException;
import dev.netns.cni.spec.JsonObject;
import dev.netns.cni.spec.NetworkConfig;
import dev.netns.cni.spec.NetworkConfigList;
import dev.netns.cni.spec.Result;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Runs CNI plugin chains the way libcni does: the node's Calico or Cilium, the reference plugins, or
 * netns-bridge, one process per plugin call.
 *
 * {@snippet :
 * CniRuntime cni = CniRuntime.builder()
 *         .pluginPath(List.of(Path.of("/opt/cni/bin")))     // CNI_PATH
 *         .cacheDirectory(Path.of("/var/lib/cni"))          // results/ as libcni keeps them
 *         .build();
 * NetworkConfigList podnet = CniRuntime.load(Path.of("/etc/cni/net.d/10-podnet.conflist"));
 * Attachment web = Attachment.of("web", Path.of("/run/netns/web"), "eth0")
 *         .withCapability(Capabilities.PORT_MAPPINGS, List.of(Capabilities.portMapping(8080, 80, "tcp")));
 * Result r = cni.add(podnet, web);      // every plugin in order, each given the previous result
 * cni.check(podnet, web);               // every plugin checks what ADD made
 * cni.delete(podnet, web);              // reverse order, each given the cached ADD result
 * }
 *
 * <p><b>Per call.</b> Each plugin gets the list's {@code name} and negotiated {@code cniVersion},
 * {@code prevResult} (ADD: the previous plugin's result; CHECK and DEL: the cached ADD result) and a
 * {@code runtimeConfig} holding the attachment's capability arguments that the plugin declares in
 * {@code capabilities}. ADD caches its final result under {@code <cacheDirectory>/results}; DEL removes
 * it. A failed ADD is rolled back with DEL over the whole chain before its exception is thrown.
 *
 * <p><b>Versions.</b> CHECK needs cniVersion 0.4.0 or later; GC and STATUS reach plugins only from
 * 1.1.0 (older lists: GC only deletes cached attachments that are not valid, STATUS succeeds), as libcni.
 *
 * <p>Thread-safe: calls for different attachments may run concurrently.
 */
public final class CniRuntime {
    private final PluginExec exec;
    private final ResultCache cache;

    private CniRuntime(Builder b) {
        this.exec = new PluginExec(b.pluginPath, b.launcher, b.timeout);
        this.cache = new ResultCache(b.cacheDirectory);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Reads a {@code .conflist} or a single {@code .conf} file. */
    public static NetworkConfigList load(Path file) throws CniException {
        try {
            return parse(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new CniException("cannot read network configuration " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses a {@code .conflist} or a single {@code .conf}; {@code origin} names it in errors. */
    public static NetworkConfigList parse(byte[] bytes, String origin) throws CniException {
        try {
            return NetworkConfigList.parse(bytes);
        } catch (JsonDecodeException e) {
            throw new CniException("network configuration " + origin + ": " + e.getMessage());
        }
    }

    /**
     * CNI ADD through the chain; returns the last plugin's result, also cached for CHECK and DEL.
     *
     * @throws CniPluginException a plugin's error object (after the chain was rolled back with DEL)
     */
    public Result add(NetworkConfigList list, Attachment a) throws CniException {
        String ctx = context("ADD", list, a);
        Map<String, Object> prev = null;
        try {
            for (NetworkConfig p : list.plugins()) {
                Optional<JsonObject> out = exec.run(ctx, p.type(), env("ADD", a), config(list, p, prev, a));
                if (out.isEmpty()) {
                    throw new CniException(ctx + ": plugin " + p.type() + " printed no result");
                }
                prev = out.get().copy();
            }
            Result result = Result.fromJson(JsonObject.of(prev), list.cniVersion());
            cache.put(list.name(), Json.write(listJson(list)), a, prev);
            return result;
        } catch (JsonDecodeException | IOException | RuntimeException e) {
            CniException failure = e instanceof CniException c ? c
                    : new CniException(ctx + ": " + (e instanceof JsonDecodeException ? "result is not valid: " : "")
                    + e.getMessage(), e);
            try {
                runDelete(list, a, Optional.empty(), true);
            } catch (CniException rollback) {
                failure.addSuppressed(rollback);
            }
            throw failure;
        }
    }

    /**
     * CNI DEL through the chain in reverse order, each plugin given the cached ADD result; removes the
     * cache entry. Plugins make DEL idempotent, so deleting twice succeeds.
     */
    public void delete(NetworkConfigList list, Attachment a) throws CniException {
        Optional<Map<String, Object>> cached = cache.get(list.name(), a.containerId(), a.ifName())
                .flatMap(ResultCache.Entry::result);
        runDelete(list, a, cached, false);
    }

    /**
     * DEL in reverse order. The spec stops a list at its first failure; a rollback or a GC goes on
     * through every plugin ({@code bestEffort}) and reports the first failure with the rest suppressed.
     * The cache entry goes only when every plugin succeeded, so a later DEL still has its prevResult.
     */
    private void runDelete(NetworkConfigList list, Attachment a, Optional<Map<String, Object>> cached, boolean bestEffort)
            throws CniException {
        String ctx = context("DEL", list, a);
        List<NetworkConfig> reversed = new ArrayList<>(list.plugins());
        java.util.Collections.reverse(reversed);
        CniException failure = null;
        for (NetworkConfig p : reversed) {
            try {
                exec.run(ctx, p.type(), env("DEL", a), config(list, p, cached.orElse(null), a));
            } catch (CniException e) {
                if (!bestEffort) {
                    throw e;
                }
                failure = accumulate(failure, e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        cache.remove(list.name(), a.containerId(), a.ifName());
    }

    /**
     * CNI CHECK through the chain, each plugin given the cached ADD result. Does nothing when the list
     * sets {@code disableCheck}.
     *
     * @throws CniException when the list's version predates CHECK (0.4.0) or nothing was cached for
     *                      this attachment
     */
    public void check(NetworkConfigList list, Attachment a) throws CniException {
        String ctx = context("CHECK", list, a);
        if (!CniVersion.atLeast(list.cniVersion(), "0.4.0")) {
            throw new CniException(ctx + ": cniVersion " + list.cniVersion() + " has no CHECK (0.4.0 or later)");
        }
        if (list.disableCheck()) {
            return;
        }
        Map<String, Object> cached = cache.get(list.name(), a.containerId(), a.ifName())
                .flatMap(ResultCache.Entry::result)
                .orElseThrow(() -> new CniException(ctx + ": no cached ADD result for this attachment"));
        for (NetworkConfig p : list.plugins()) {
            exec.run(ctx, p.type(), env("CHECK", a), config(list, p, cached, a));
        }
    }

    /** The cached ADD result of an attachment, if any. */
    public Optional<Result> cachedResult(NetworkConfigList list, String containerId, String ifName) throws CniException {
        Attachment.checkContainerId(containerId);
        Attachment.checkIfName(ifName);
        Optional<Map<String, Object>> raw = cache.get(list.name(), containerId, ifName).flatMap(ResultCache.Entry::result);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Result.fromJson(JsonObject.of(raw.get()), list.cniVersion()));
        } catch (JsonDecodeException e) {
            throw new CniException("cached result of " + containerId + "/" + ifName + " is not valid: " + e.getMessage());
        }
    }

    /**
     * CNI GC: first DEL for every cached attachment of this network not in {@code valid} (as libcni
     * does), then, from cniVersion 1.1.0 and unless {@code disableGC}, GC on every plugin with
     * {@code cni.dev/valid-attachments}, so plugins release what no cache remembers.
     *
     * @param valid the attachments that must stay
     * @throws CniException the first failure; the others are suppressed in it
     */
    public void gc(NetworkConfigList list, Set<AttachmentId> valid) throws CniException {
        String ctx = "GC network " + list.name();
        CniException failure = null;
        for (ResultCache.Entry e : cache.list(list.name())) {
            if (!valid.contains(new AttachmentId(e.containerId(), e.ifName()))) {
                try {
                    Attachment stale = new Attachment(e.containerId(), Path.of(e.netns().orElse("")), e.ifName(),
                            e.cniArgs(), e.capabilityArgs());
                    runDelete(list, stale, e.result(), true);
                } catch (CniException | IllegalArgumentException x) {
                    failure = accumulate(failure, x instanceof CniException ce ? ce : new CniException(ctx + ": " + x.getMessage(), x));
                }
            }
        }
        if (CniVersion.atLeast(list.cniVersion(), "1.1.0") && !list.disableGC()) {
            List<Object> attachments = new ArrayList<>();
            for (AttachmentId id : valid) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("containerID", id.containerId());
                m.put("ifname", id.ifName());
                attachments.add(m);
            }
            for (NetworkConfig p : list.plugins()) {
                Map<String, Object> conf = pluginJson(list, p);
                conf.put("cni.dev/valid-attachments", attachments);
                try {
                    exec.run(ctx, p.type(), Map.of("CNI_COMMAND", "GC"), Json.write(conf));
                } catch (CniException x) {
                    failure = accumulate(failure, x);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * CNI STATUS: asks every plugin whether it can serve ADD (cniVersion 1.1.0 and later; older lists
     * always succeed).
     *
     * @throws CniPluginException with code 50 or 51 when a plugin is not available
     */
    public void status(NetworkConfigList list) throws CniException {
        if (!CniVersion.atLeast(list.cniVersion(), "1.1.0")) {
            return;
        }
        for (NetworkConfig p : list.plugins()) {
            exec.run("STATUS network " + list.name(), p.type(), Map.of("CNI_COMMAND", "STATUS"), Json.write(pluginJson(list, p)));
        }
    }

    /** CNI VERSION of one plugin: the versions it speaks. */
    public PluginVersions version(String pluginType) throws CniException {
        String ctx = "VERSION";
        JsonObject out = exec.run(ctx, pluginType, Map.of("CNI_COMMAND", "VERSION"),
                Json.write(Map.of("cniVersion", CniVersion.LATEST)))
                .orElseThrow(() -> new CniException(ctx + ": plugin " + pluginType + " printed nothing"));
        try {
            return new PluginVersions(out.string("cniVersion").orElse(""), out.strings("supportedVersions"));
        } catch (JsonDecodeException e) {
            throw new CniException(ctx + ": plugin " + pluginType + " answered " + e.getMessage());
        }
    }

    /** A plugin's answer to VERSION. */
    public record PluginVersions(String cniVersion, List<String> supportedVersions) {
        public PluginVersions {
            supportedVersions = List.copyOf(supportedVersions);
        }
    }

    /** One attachment as GC names it: {@code cni.dev/valid-attachments} entries. */
    public record AttachmentId(String containerId, String ifName) {
        public AttachmentId {
            Objects.requireNonNull(containerId, "containerId");
            Objects.requireNonNull(ifName, "ifName");
        }

        public static AttachmentId of(Attachment a) {
            return new AttachmentId(a.containerId(), a.ifName());
        }
    }

    /** The first failure, carrying the later ones as suppressed. */
    private static CniException accumulate(CniException first, CniException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    private static String context(String command, NetworkConfigList list, Attachment a) {
        return command + " " + a.containerId() + "/" + a.ifName() + " on network " + list.name();
    }

    private static Map<String, String> env(String command, Attachment a) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", a.containerId());
        env.put("CNI_NETNS", a.netns().toString());
        env.put("CNI_IFNAME", a.ifName());
        env.put("CNI_ARGS", a.cniArgs());
        return env;
    }

    /** The plugin's entry with the list's name and version, as every call sends it. */
    private static Map<String, Object> pluginJson(NetworkConfigList list, NetworkConfig p) {
        Map<String, Object> conf = p.json().copy();
        conf.put("cniVersion", list.cniVersion());
        conf.put("name", list.name());
        return conf;
    }

    private static byte[] config(NetworkConfigList list, NetworkConfig p, Map<String, Object> prevResult, Attachment a) {
        Map<String, Object> conf = pluginJson(list, p);
        Map<String, Object> runtimeConfig = new LinkedHashMap<>();
        for (String cap : p.capabilities()) {
            if (a.capabilityArgs().containsKey(cap)) {
                runtimeConfig.put(cap, a.capabilityArgs().get(cap));
            }
        }
        if (!runtimeConfig.isEmpty()) {
            conf.put("runtimeConfig", runtimeConfig);
        }
        if (prevResult != null) {
            conf.put("prevResult", prevResult);
        }
        return Json.write(conf);
    }

    /** The list as cached (what libcni stores as the attachment's config). */
    private static Map<String, Object> listJson(NetworkConfigList list) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cniVersion", list.cniVersion());
        m.put("name", list.name());
        List<Object> plugins = new ArrayList<>();
        for (NetworkConfig p : list.plugins()) {
            plugins.add(p.json().asMap());
        }
        m.put("plugins", plugins);
        return m;
    }

    /** Configures a runtime. */
    public static final class Builder {
        private List<Path> pluginPath = List.of(Path.of("/opt/cni/bin"));
        private Path cacheDirectory = Path.of("/var/lib/cni");
        private Duration timeout = Duration.ofSeconds(60);
        private PluginLauncher launcher = ProcessBuilder::start;

        private Builder() {
        }

        /** Directories searched for plugin executables, in order ({@code CNI_PATH}); default {@code /opt/cni/bin}. */
        public Builder pluginPath(List<Path> dirs) {
            if (dirs.isEmpty()) {
                throw new IllegalArgumentException("the plugin path needs at least one directory");
            }
            this.pluginPath = List.copyOf(dirs);
            return this;
        }

        /** Where results are cached ({@code results/} below it); default {@code /var/lib/cni}, libcni's. */
        public Builder cacheDirectory(Path dir) {
            this.cacheDirectory = Objects.requireNonNull(dir, "cacheDirectory");
            return this;
        }

        /** How long one plugin call may take before it is killed; default 60 s. */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, is " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** How plugin processes start; default {@link ProcessBuilder#start()} (in the caller's namespaces). */
        public Builder launcher(PluginLauncher launcher) {
            this.launcher = Objects.requireNonNull(launcher, "launcher");
            return this;
        }

        public CniRuntime build() {
            return new CniRuntime(this);
        }
    }
}
