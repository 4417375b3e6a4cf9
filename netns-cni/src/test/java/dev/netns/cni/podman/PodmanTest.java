package dev.netns.cni.podman;

import dev.netns.cni.testing.DebianPackages;
import dev.netns.cni.testing.PluginScript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * podman 4.3 (CNI backend) wiring containers with netns-bridge + the reference portmap, in a sandbox
 * ({@code unshare --mount --net} with tmpfs over /run, /var/lib/cni, /var/lib/containers, /etc/cni,
 * /etc/containers; see {@code sandbox.sh}): two containers talk over the bridge, a {@code -p} mapping
 * reaches the server from the sandbox's own namespace through the gateway, {@code podman rm} releases
 * the address and the host veth.
 */
class PodmanTest {
    @TempDir
    Path dir;

    @Test
    void podmanRunsContainersOnNetnsBridgeWithPortmap() throws Exception {
        Path reference = DebianPackages.referencePlugins();
        DebianPackages.require("podman", Path.of("/usr/bin/podman"));
        DebianPackages.require("busybox-static", Path.of("/bin/busybox"));
        Path plugins = PluginScript.write(dir.resolve("plugins"));
        try (DirectoryStream<Path> ref = Files.newDirectoryStream(reference)) {
            for (Path p : ref) {
                Files.createSymbolicLink(plugins.resolve(p.getFileName()), p);
            }
        }
        Path script = dir.resolve("sandbox.sh");
        try (InputStream in = PodmanTest.class.getResourceAsStream("sandbox.sh")) {
            Files.copy(in, script);
        }
        Path work = Files.createDirectories(dir.resolve("work"));
        Path log = dir.resolve("sandbox.log");
        Process p = new ProcessBuilder("unshare", "--mount", "--net", "--propagation", "private", "bash", script.toString(),
                plugins.toString(), work.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        for (String step : new String[] {"STEP attached", "STEP container-to-container", "STEP port-mapping", "STEP released"}) {
            assertTrue(out.contains(step), step + " missing:\n" + out);
        }
    }
}
