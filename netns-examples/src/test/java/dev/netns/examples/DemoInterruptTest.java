package dev.netns.examples;

import dev.netns.witness.Ip;
import dev.netns.testkit.KernelTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A demo killed half-way (SIGTERM, as Ctrl-C would) removes what it made on its way out. */
@KernelTest
class DemoInterruptTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void killedHalfWayItRemovesItsNamespacesAndContainers(@TempDir Path dir) throws Exception {
        Path err = dir.resolve("stderr");
        ProcessBuilder pb = new ProcessBuilder(Cli.javaCommand(true, Cli.classPath(), "demo", "--server", "java", "--out", dir.toString()))
                .redirectError(err.toFile());
        Process demo = pb.start();
        String prefix = "netns-demo-" + demo.pid();
        List<ProcessHandle> containers = List.of();
        try {
            demo.getOutputStream().close();
            BufferedReader out = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8));
            // stop it once the first pod is there with its server container running
            String line;
            while ((line = out.readLine()) != null && !line.contains("container 1, HTTP server")) {
                // skip to that point
            }
            assertTrue(line != null, "the demo ended before starting its container: " + Files.readString(err));
            assertTrue(Ip.netnsList().contains(prefix + "-mypod"), "the pod exists before the kill");
            containers = demo.descendants().toList();
            assertFalse(containers.isEmpty(), "the server container runs");
            demo.destroy();
            assertTrue(demo.waitFor(30, TimeUnit.SECONDS));
            assertEquals(143, demo.exitValue(), "ended by SIGTERM");
            String stderr = Files.readString(err);
            assertTrue(stderr.contains("netns demo: interrupted; removed " + prefix), stderr);
            assertTrue(Ip.netnsList().stream().noneMatch(n -> n.startsWith(prefix)), () -> "left: " + Ip.netnsList());
            for (ProcessHandle c : containers) {
                assertTrue(c.onExit().get(10, TimeUnit.SECONDS) != null && !c.isAlive(), "container " + c.pid() + " is gone");
            }
        } finally {
            containers.forEach(ProcessHandle::destroyForcibly);
            demo.destroyForcibly();
            Ip.netnsDeleteAll(prefix);
        }
    }
}
