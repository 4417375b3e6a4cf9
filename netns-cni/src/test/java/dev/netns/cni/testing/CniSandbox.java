package dev.netns.cni.testing;

import dev.netns.NetworkNamespace;
import dev.netns.cni.runtime.CniRuntime;
import dev.netns.witness.Owner;
import dev.netns.witness.SandboxNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A node that is not the machine, for CNI tests: a {@link SandboxNode} standing in for the host (plugins
 * run inside it, so bridges, veth host ends, iptables/nftables rules and sysctls land there), container
 * namespaces made under the node's prefix, a temporary directory for host-local's data and the result
 * cache, and a {@link CniRuntime} wired to all of it. {@link #close()} removes all of it, also after a
 * failure. Witnesses go through {@code dev.netns.witness} ({@code Ip.in(nodeName(), ...)}).
 */
public final class CniSandbox implements AutoCloseable {
    /** The owner tag of every name the CNI tests make ({@code cni-PID-...}); dead runs' leftovers are swept. */
    public static final Owner OWNER = Owner.of("cni");

    private final SandboxNode node;
    private final Path dir;

    public CniSandbox() throws IOException {
        this.dir = Files.createTempDirectory("cni-sandbox");
        SandboxNode made = null;
        try {
            made = SandboxNode.open(OWNER);
            made.namespace().links().setUp("lo");
        } catch (IOException | RuntimeException e) {
            try {
                if (made != null) {
                    made.close();
                }
                deleteTree(dir);
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        this.node = made;
    }

    /** A name no other call in this process returns, {@code cni-PID-STEM-N} (networks, files). */
    public static String uniqueName(String stem) {
        return OWNER.uniqueName(stem);
    }

    public NetworkNamespace node() {
        return node.namespace();
    }

    public String nodeName() {
        return node.name();
    }

    /** A temporary directory of this sandbox (host-local data, caches, configs). */
    public Path dir() {
        return dir;
    }

    /** A new named container namespace under the node's prefix, {@code lo} down as a runtime leaves it. */
    public NetworkNamespace container(String stem) throws IOException {
        return node.named(stem);
    }

    /** A runtime whose plugins run inside the node, caching under this sandbox's directory. */
    public CniRuntime runtime(Path... pluginPath) {
        return CniRuntime.builder().pluginPath(List.of(pluginPath)).cacheDirectory(dir.resolve("cache"))
                .timeout(Duration.ofSeconds(30)).launcher(node.namespace()::start).build();
    }

    /** Deletes the containers and the node (see {@link SandboxNode#close()}), then the directory; keeps going on failure. */
    @Override
    public void close() throws Exception {
        Exception failure = null;
        try {
            node.close();
        } catch (Exception e) {
            failure = e;
        }
        try {
            deleteTree(dir);
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
