package dev.netns.testkit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sweeper removes what dead test JVMs left, and never what a live one owns. */
@KernelTest
class SweeperTest {
    private Process liveOwner;
    private String deadName;
    private String liveName;

    @BeforeEach
    void leftovers() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        assertTrue(finished.waitFor(10, TimeUnit.SECONDS));
        long deadPid = finished.pid(); // reaped: no process has this pid now
        assertFalse(ProcessHandle.of(deadPid).isPresent());
        liveOwner = new ProcessBuilder("sleep", "60").start();
        deadName = "tk-" + deadPid + "-" + "x";
        liveName = "tk-" + liveOwner.pid() + "-" + "y";
        Shell.run("ip", "netns", "add", deadName);
        Shell.run("ip", "netns", "add", liveName);
    }

    @AfterEach
    void removeAll() throws Exception {
        Shell.ipNetnsDelIfPresent(deadName);
        Shell.ipNetnsDelIfPresent(liveName);
        liveOwner.destroy();
        liveOwner.waitFor(10, TimeUnit.SECONDS);
    }

    @Test
    void removesDeadOwnersNamespacesOnly() throws Exception {
        List<String> removed = Sweeper.sweep();
        assertTrue(removed.contains(deadName), removed.toString());
        assertFalse(removed.contains(liveName), removed.toString());
        List<String> listed = Shell.ipNetnsList();
        assertFalse(listed.contains(deadName), "ip netns list no longer shows " + deadName);
        assertTrue(listed.contains(liveName), "a live owner's namespace stays");
    }

    @Test
    void ignoresNamesTheTestkitDidNotMake() throws Exception {
        String other = "tkx-" + 1 + "-foreign";
        Shell.run("ip", "netns", "add", other);
        try {
            assertFalse(Sweeper.sweep().contains(other));
            assertTrue(Shell.ipNetnsList().contains(other));
        } finally {
            Shell.ipNetnsDelIfPresent(other);
        }
    }

    @Example
    @NetnsTest
    static class Trivial {
        @org.junit.jupiter.api.Test
        void runs() {
        }
    }

    /** In a fresh JVM, the first @NetnsTest class sweeps before its tests run. */
    @Test
    void runsBeforeTheFirstTestOfAJvm() throws Exception {
        Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                ExampleLauncher.class.getName(), Trivial.class.getName()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("SUCCESSFUL runs()"), out);
        List<String> listed = Shell.ipNetnsList();
        assertFalse(listed.contains(deadName), out);
        assertTrue(listed.contains(liveName));
    }
}
