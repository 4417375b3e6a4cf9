package dev.netns.cni.testing;

import dev.netns.witness.Commands;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The Debian packages the CNI tests run against (the reference plugins, podman, busybox). A missing
 * one is installed with apt; under {@code CI=true} (where .ci/run installs them first) a missing one
 * fails the test naming it — never a silent pass.
 */
public final class DebianPackages {
    private DebianPackages() {
    }

    /** The reference plugins' directory, {@code /usr/lib/cni}, from {@code containernetworking-plugins}. */
    public static Path referencePlugins() {
        require("containernetworking-plugins", Path.of("/usr/lib/cni/bridge"));
        require("iptables", Path.of("/usr/sbin/iptables"));
        return Path.of("/usr/lib/cni");
    }

    /** Ensures {@code probe} exists, installing {@code pkg} if it is missing (not under CI). */
    public static synchronized void require(String pkg, Path probe) {
        if (Files.exists(probe)) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError("Debian package " + pkg + " is missing (" + probe + "); .ci/run installs it with apt-get");
        }
        try {
            Commands.run(Duration.ofSeconds(30), List.of("apt-get", "install", "-y", "-q", pkg));
        } catch (AssertionError e) {
            throw new AssertionError("Debian package " + pkg + " is missing (" + probe + ") and apt-get install failed: "
                    + e.getMessage(), e);
        }
        if (!Files.exists(probe)) {
            throw new AssertionError("Debian package " + pkg + " installed but " + probe + " is still missing");
        }
    }
}
