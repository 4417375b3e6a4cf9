package dev.netns.linux.ns;

import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import dev.netns.linux.testing.KernelTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** start(ProcessBuilder): the child runs inside, sees its namespace's own /sys, and keeps every builder setting. */
@KernelTest
class ProcessStartTest {

    private static String runInside(NetworkNamespace ns, ProcessBuilder pb) throws Exception {
        Process p = ns.start(pb);
        // bounded: the output is read on a virtual thread, and a child that hangs fails after 20 s
        var reader = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
        var output = reader.submit(() -> new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        reader.shutdown();
        boolean finished = p.waitFor(20, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly();
        }
        assertTrue(finished, "child finished");
        String out = output.get(5, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void childIsInsideAndSeesTheNamespacesOwnSysfs() throws Exception {
        try (NetworkNamespace ns = NetworkNamespaces.create()) {
            String out = runInside(ns, new ProcessBuilder("sh", "-c", "readlink /proc/self/ns/net; ls /sys/class/net"));
            String[] lines = out.strip().split("\n");
            assertEquals(ns.id().toString(), lines[0]);
            assertEquals("lo", String.join(",", java.util.Arrays.copyOfRange(lines, 1, lines.length)),
                    "/sys/class/net inside lists only the namespace's loopback");
        }
        assertTrue(Files.exists(Path.of("/sys/class/net/lo")), "our own /sys is untouched");
    }

    @Test
    void builderSettingsAreHonoured(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path out = dir.resolve("out.txt");
        try (NetworkNamespace ns = NetworkNamespaces.create()) {
            ProcessBuilder pb = new ProcessBuilder("sh", "-c", "pwd; echo \"$NETNS_TEST\"; echo err >&2")
                    .directory(dir.toFile())
                    .redirectOutput(out.toFile())
                    .redirectErrorStream(true);
            pb.environment().put("NETNS_TEST", "hello");
            Process p = ns.start(pb);
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            assertEquals(dir + "\nhello\nerr\n", Files.readString(out));
        }
    }

    @Test
    void startFromAVirtualThreadWorks() throws Exception {
        try (NetworkNamespace ns = NetworkNamespaces.create();
             var virtual = Executors.newVirtualThreadPerTaskExecutor()) {
            String inside = virtual.submit(() -> runInside(ns, new ProcessBuilder("readlink", "/proc/self/ns/net")))
                    .get(30, TimeUnit.SECONDS);
            assertEquals(ns.id().toString(), inside.strip());
        }
        assertEquals(java.util.List.of(), NetworkNamespaces.strayThreads());
    }
}
