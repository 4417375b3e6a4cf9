package dev.netns.testkit;

import dev.netns.witness.Commands;
import dev.netns.witness.Ip;
import dev.netns.witness.Owner;
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
        Commands.run("ip", "netns", "add", deadName);
        Commands.run("ip", "netns", "add", liveName);
    }

    @AfterEach
    void removeAll() throws Exception {
        Ip.netnsDeleteIfPresent(deadName);
        Ip.netnsDeleteIfPresent(liveName);
        liveOwner.destroy();
        liveOwner.waitFor(10, TimeUnit.SECONDS);
    }

    @Test
    void removesDeadOwnersNamespacesOnly() throws Exception {
        List<String> removed = Sweeper.sweep();
        assertTrue(removed.contains(deadName), removed.toString());
        assertFalse(removed.contains(liveName), removed.toString());
        List<String> listed = Ip.netnsList();
        assertFalse(listed.contains(deadName), "ip netns list no longer shows " + deadName);
        assertTrue(listed.contains(liveName), "a live owner's namespace stays");
    }

    @Test
    void ignoresNamesTheTestkitDidNotMake() throws Exception {
        String other = "tkx-" + 1 + "-foreign";
        Commands.run("ip", "netns", "add", other);
        try {
            assertFalse(Sweeper.sweep().contains(other));
            assertTrue(Ip.netnsList().contains(other));
        } finally {
            Ip.netnsDeleteIfPresent(other);
        }
    }

    /** Prints the name a testkit JVM gives its first namespace. */
    public static final class NamePrinter {
        public static void main(String[] args) {
            System.out.println("name|" + Sweeper.OWNER.next() + "|" + Owner.pidNamespace());
        }
    }

    /** Runs a child to its end (bounded: output in a file, killed after 60 s) and returns its output; exit 0 asserted. */
    private static String runChild(String... command) throws Exception {
        java.nio.file.Path log = java.nio.file.Files.createTempFile("sweeper-child", ".out");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            p.getOutputStream().close();
            boolean finished = p.waitFor(60, TimeUnit.SECONDS);
            if (!finished) {
                p.destroyForcibly();
            }
            String out = java.nio.file.Files.readString(log);
            assertTrue(finished, "the child finished within 60 s: " + out);
            assertEquals(0, p.exitValue(), out);
            return out;
        } finally {
            java.nio.file.Files.deleteIfExists(log);
        }
    }

    @Test
    void namesOfARunInAnotherPidNamespaceCarryItAndAreNeverSwept() throws Exception {
        // a testkit JVM in a PID namespace of its own: its pid means another process (or none) out here
        String out = runChild("unshare", "--pid", "--fork", "--mount", "--mount-proc",
                ProcessHandle.current().info().command().orElseThrow(), "-cp", System.getProperty("java.class.path"),
                NamePrinter.class.getName());
        String line = out.lines().filter(l -> l.startsWith("name|")).findFirst().orElseThrow(() -> new AssertionError(out));
        String[] parts = line.split("\\|");
        String name = parts[1];
        long childPidNamespace = Long.parseLong(parts[2]);
        assertTrue(childPidNamespace != Owner.pidNamespace(), "the child ran in another PID namespace");
        assertTrue(name.matches("tk-\\d+\\." + childPidNamespace + "-1"), name);
        Commands.run("ip", "netns", "add", name);
        try {
            assertFalse(Sweeper.sweep().contains(name), "not ours to judge: kept");
            assertTrue(Ip.netnsList().contains(name));
        } finally {
            Ip.netnsDeleteIfPresent(name);
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
        String out = runChild(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                ExampleLauncher.class.getName(), Trivial.class.getName());
        assertTrue(out.contains("SUCCESSFUL runs()"), out);
        List<String> listed = Ip.netnsList();
        assertFalse(listed.contains(deadName), out);
        assertTrue(listed.contains(liveName));
    }
}
