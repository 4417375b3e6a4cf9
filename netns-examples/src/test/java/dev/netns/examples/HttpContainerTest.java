package dev.netns.examples;

import dev.netns.witness.Commands;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import dev.netns.testkit.Netns;
import dev.netns.testkit.NetnsTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The HTTP server container, both programs, in a namespace of its own: inside it, serving, and gone
 * after close. The testkit provides the namespace, removes it, and fails a test that leaves a thread,
 * process, descriptor or mount behind.
 */
@NetnsTest
class HttpContainerTest {
    @Netns(named = true)
    NetworkNamespace ns;

    private String name;

    @BeforeEach
    void loopbackUp() throws Exception {
        name = ns.name().orElseThrow();
        ns.links().setUp("lo");
    }

    @ParameterizedTest
    @EnumSource(HttpContainer.Kind.class)
    void servesTheDirectoryOnTheNamespacesLoopbackAndStopsCleanly(HttpContainer.Kind kind, @TempDir Path dir) throws Exception {
        if (kind == HttpContainer.Kind.PYTHON) {
            assumeTrue(HttpContainer.findOnPath("python3").isPresent(), "python3 is not on the PATH");
        }
        Files.writeString(dir.resolve("hello.txt"), "hello " + kind + "\n");
        assertEquals(kind, HttpContainer.choose(Optional.of(kind)));
        HttpContainer server = HttpContainer.start(ns::start, ns, kind, 8080, dir, Duration.ofSeconds(20));
        long pid = server.pid();
        try {
            // witness: the process's own /proc entry names the namespace's inode
            String inode = Commands.run("stat", "-L", "-c", "%i", "/run/netns/" + name).strip();
            assertEquals("net:[" + inode + "]", Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/net")).toString());
            HttpGet r = ns.call(() -> HttpGet.fetch(InetAddress.getLoopbackAddress(), 8080, "/hello.txt", Duration.ofSeconds(10)));
            assertEquals(200, r.code(), r::toString);
            assertEquals("hello " + kind + "\n", r.body());
            HttpGet missing = ns.call(() -> HttpGet.fetch(InetAddress.getLoopbackAddress(), 8080, "/nope.txt", Duration.ofSeconds(10)));
            assertEquals(404, missing.code(), missing::toString);
            // the process is awaited from outside (no JDK reaper is born inside): no JVM thread sits in the namespace
            assertEquals(0, NetworkNamespaces.strayThreads().size(), () -> "stray threads: " + strays());
        } finally {
            server.close();
        }
        assertFalse(server.isAlive());
        assertFalse(Files.exists(Path.of("/proc/" + pid)), "the server process is gone");
    }

    @ParameterizedTest
    @EnumSource(HttpContainer.Kind.class)
    void aServerThatCannotBindIsReportedWithItsLog(HttpContainer.Kind kind, @TempDir Path dir) throws Exception {
        if (kind == HttpContainer.Kind.PYTHON) {
            assumeTrue(HttpContainer.findOnPath("python3").isPresent(), "python3 is not on the PATH");
        }
        // the port is taken inside the namespace, so the program fails to bind and exits
        try (java.net.ServerSocket taken = ns.call(() -> new java.net.ServerSocket(8080, 1, InetAddress.getLoopbackAddress()))) {
            assertTrue(taken.isBound());
            Exception e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> HttpContainer.start(ns::start, ns, kind, 8080, dir, Duration.ofSeconds(20)));
            assertTrue(e.getMessage().startsWith(kind.label + " exited with status "), e.getMessage());
            assertTrue(e.getMessage().contains("before listening: ") && e.getMessage().contains("Address already in use"),
                    "carries the last log line: " + e.getMessage());
        }
    }

    private static String strays() {
        try {
            return NetworkNamespaces.strayThreads().toString();
        } catch (Exception e) {
            return e.toString();
        }
    }
}
