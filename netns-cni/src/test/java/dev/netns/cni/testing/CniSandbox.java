package dev.netns.cni.testing;

import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import dev.netns.cni.runtime.CniRuntime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A node that is not the machine: a named namespace standing in for the host (plugins run inside it,
 * so bridges, veth host ends, iptables/nftables rules and sysctls land there), container namespaces,
 * and a temporary directory for host-local's data and the result cache. {@link #close()} removes all
 * of it, also after a failure.
 */
public final class CniSandbox implements AutoCloseable {
    private static final AtomicInteger SEQ = new AtomicInteger();

    private final NetworkNamespace node;
    private final List<NetworkNamespace> containers = new ArrayList<>();
    private final Path dir;

    public CniSandbox() throws IOException {
        this.dir = Files.createTempDirectory("cni-sandbox");
        this.node = NetworkNamespaces.create(uniqueName("node"));
        node.links().setUp("lo");
    }

    public static String uniqueName(String stem) {
        return "cni-" + stem + "-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();
    }

    public NetworkNamespace node() {
        return node;
    }

    public String nodeName() {
        return node.name().orElseThrow();
    }

    /** A temporary directory of this sandbox (host-local data, caches, configs). */
    public Path dir() {
        return dir;
    }

    /** A new named container namespace, {@code lo} down as a runtime leaves it. */
    public NetworkNamespace container(String stem) throws IOException {
        NetworkNamespace c = NetworkNamespaces.create(uniqueName(stem));
        containers.add(c);
        return c;
    }

    /** A runtime whose plugins run inside the node, caching under this sandbox's directory. */
    public CniRuntime runtime(Path... pluginPath) {
        return CniRuntime.builder().pluginPath(List.of(pluginPath)).cacheDirectory(dir.resolve("cache"))
                .timeout(Duration.ofSeconds(30)).launcher(node::start).build();
    }

    /** Runs {@code ip -n NS ARGS...} (a witness independent of the SDK) and returns stdout; fails on error. */
    public static String ip(NetworkNamespace ns, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", ns.name().orElseThrow()));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    /** Runs a command in {@code ns} through {@code ip netns exec} and returns stdout; fails on error. */
    public static String exec(NetworkNamespace ns, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns.name().orElseThrow()));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    public static String run(List<String> cmd) {
        try {
            Path err = Files.createTempFile("cni-witness", ".err");
            try {
                Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
                p.getOutputStream().close();
                byte[] out = p.getInputStream().readAllBytes();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(String.join(" ", cmd) + " took over 30 s");
                }
                if (p.exitValue() != 0) {
                    throw new AssertionError(String.join(" ", cmd) + " failed (" + p.exitValue() + "): " + Files.readString(err));
                }
                return new String(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() throws Exception {
        Exception failure = null;
        for (NetworkNamespace c : containers) {
            try {
                if (NetworkNamespaces.exists(c.name().orElseThrow())) {
                    c.delete();
                }
                c.close();
            } catch (Exception e) {
                failure = add(failure, e);
            }
        }
        try {
            node.delete();
            node.close();
        } catch (Exception e) {
            failure = add(failure, e);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            failure = add(failure, e);
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static Exception add(Exception first, Exception next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }
}
