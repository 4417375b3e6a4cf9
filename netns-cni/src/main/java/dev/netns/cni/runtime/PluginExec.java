package dev.netns.cni.runtime;

import dev.netns.cni.spec.CniError;
import dev.netns.cni.spec.Json;
import dev.netns.cni.spec.JsonDecodeException;
import dev.netns.cni.spec.JsonObject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs one plugin process: finds the executable on the plugin path, sets the spec's environment, writes
 * the configuration to stdin, reads stdout (the result or error object) and stderr (kept for messages),
 * and kills the plugin and its descendants when it outlives the time-out.
 */
final class PluginExec {
    private static final int MAX_STDERR = 64 * 1024;

    private final List<Path> pluginPath;
    private final PluginLauncher launcher;
    private final Duration timeout;

    PluginExec(List<Path> pluginPath, PluginLauncher launcher, Duration timeout) {
        this.pluginPath = List.copyOf(pluginPath);
        this.launcher = launcher;
        this.timeout = timeout;
    }

    /** The executable for {@code type}: the first regular executable file of that name on the path. */
    Path find(String type, String context) throws CniException {
        for (Path dir : pluginPath) {
            Path p = dir.resolve(type);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        throw new CniException(context + ": plugin " + type + " not found in " + pluginPath);
    }

    /**
     * Runs {@code type} with {@code env} (CNI_* variables) and {@code stdin}; returns its stdout parsed
     * as an object, or empty when it printed nothing (DEL, CHECK, GC, STATUS may print nothing).
     */
    Optional<JsonObject> run(String context, String type, Map<String, String> env, byte[] stdin) throws CniException {
        Path exe = find(type, context);
        ProcessBuilder pb = new ProcessBuilder(exe.toString());
        pb.environment().putAll(env);
        pb.environment().put("CNI_PATH", String.join(":", pluginPath.stream().map(Path::toString).toList()));
        Process p;
        try {
            p = launcher.start(pb);
        } catch (IOException e) {
            throw new CniException(context + ": cannot start plugin " + exe + ": " + e.getMessage(), e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread outReader = Thread.ofVirtual().start(() -> drain(p.getInputStream(), out, Json.MAX_DOCUMENT_BYTES + 1));
        Thread errReader = Thread.ofVirtual().start(() -> drain(p.getErrorStream(), err, MAX_STDERR));
        try {
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin);
            } catch (IOException e) {
                // the plugin may exit without reading stdin (VERSION of some plugins); its answer decides
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(p);
                throw new CniTimeoutException(context, type, timeout);
            }
            outReader.join(timeout.toMillis());
            errReader.join(1000);
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            throw new CniException(context + ": interrupted while plugin " + type + " ran; it was killed");
        }
        byte[] stdout;
        synchronized (out) {
            stdout = out.toByteArray();
        }
        String stderr;
        synchronized (err) {
            stderr = err.toString(StandardCharsets.UTF_8).strip();
        }
        int exit = p.exitValue();
        boolean blank = new String(stdout, StandardCharsets.UTF_8).isBlank();
        if (exit == 0) {
            if (blank) {
                return Optional.empty();
            }
            try {
                return Optional.of(Json.parseObject(stdout));
            } catch (JsonDecodeException e) {
                throw new CniException(context + ": plugin " + type + " succeeded but printed no valid JSON: "
                        + e.getMessage() + stderrNote(stderr));
            }
        }
        if (!blank) {
            try {
                Optional<CniError> error = CniError.fromJson(Json.parseObject(stdout));
                if (error.isPresent()) {
                    throw new CniPluginException(context, type, error.get());
                }
            } catch (JsonDecodeException e) {
                // not an error object: reported below with the exit status and stderr
            }
        }
        throw new CniException(context + ": plugin " + type + " exited with status " + exit
                + " without an error object" + stderrNote(stderr));
    }

    private static String stderrNote(String stderr) {
        if (stderr.isEmpty()) {
            return "";
        }
        String tail = stderr.length() > 2000 ? "..." + stderr.substring(stderr.length() - 2000) : stderr;
        return "; stderr: " + tail;
    }

    /** Kills the plugin and whatever it started (an IPAM plugin it delegated to), and waits for them. */
    private static void kill(Process p) {
        List<ProcessHandle> children = List.of();
        try {
            children = p.descendants().toList();
        } catch (UnsupportedOperationException e) {
            // a launcher's Process without a handle: only the plugin itself can be killed
        }
        children.forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
            for (ProcessHandle c : children) {
                c.onExit().get(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // reported by the caller's time-out exception; a child that outlives SIGKILL is the kernel's
        }
    }

    private static void drain(InputStream in, ByteArrayOutputStream sink, int limit) {
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                synchronized (sink) {
                    int room = limit - sink.size();
                    if (room > 0) {
                        sink.write(buf, 0, Math.min(n, room));
                    }
                }
            }
        } catch (IOException e) {
            // the stream ends when the process is killed; what was read is what we have
        }
    }
}
