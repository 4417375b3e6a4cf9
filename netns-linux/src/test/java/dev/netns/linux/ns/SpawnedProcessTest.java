package dev.netns.linux.ns;

import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import dev.netns.linux.testing.KernelTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Process that start(ProcessBuilder) returns behaves like the JDK's: exit values, pipes,
 * redirects, environment, directory, destroy, failures. Every child runs in a namespace of ours.
 */
@KernelTest
class SpawnedProcessTest {
    private static NetworkNamespace ns;

    @BeforeAll
    static void namespace() throws Exception {
        ns = NetworkNamespaces.create();
    }

    @AfterAll
    static void close() {
        ns.close();
    }

    private static String text(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static int finish(Process p) throws InterruptedException {
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "child finished");
        return p.exitValue();
    }

    @Test
    void exitValuesAreTheStatusOr128PlusTheSignal() throws Exception {
        assertEquals(0, finish(ns.start(new ProcessBuilder("true"))));
        assertEquals(3, finish(ns.start(new ProcessBuilder("sh", "-c", "exit 3"))));
        Process sleeper = ns.start(new ProcessBuilder("sleep", "30"));
        sleeper.destroyForcibly();
        assertEquals(137, finish(sleeper), "SIGKILL, as the JDK reports it");
        // the child's own shell kills itself: the status comes from the kernel, not from our kill
        assertEquals(128 + 15, finish(ns.start(new ProcessBuilder("sh", "-c", "kill -TERM $$"))));
    }

    @Test
    void stdinPipeFeedsTheChildAndStdoutComesBack() throws Exception {
        Process cat = ns.start(new ProcessBuilder("cat"));
        try (OutputStream in = cat.getOutputStream()) {
            in.write("through the namespace\n".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals("through the namespace\n", text(cat.getInputStream()));
        assertEquals(0, finish(cat));
        assertEquals("", text(cat.getErrorStream()));
    }

    @Test
    void stderrIsSeparateUnlessMerged() throws Exception {
        Process separate = ns.start(new ProcessBuilder("sh", "-c", "echo out; echo err >&2"));
        assertEquals("out\n", text(separate.getInputStream()));
        assertEquals("err\n", text(separate.getErrorStream()));
        assertEquals(0, finish(separate));

        Process merged = ns.start(new ProcessBuilder("sh", "-c", "echo out; echo err >&2").redirectErrorStream(true));
        assertEquals("out\nerr\n", text(merged.getInputStream()));
        assertEquals(-1, merged.getErrorStream().read(), "no separate error stream when merged");
        assertEquals(0, finish(merged));
    }

    @Test
    void fileRedirectsReadTruncateAndAppend(@TempDir Path dir) throws Exception {
        Path input = Files.writeString(dir.resolve("in.txt"), "from a file\n");
        Path out = Files.writeString(dir.resolve("out.txt"), "old content that must go\n");
        Process p = ns.start(new ProcessBuilder("cat").redirectInput(Redirect.from(input.toFile()))
                .redirectOutput(Redirect.to(out.toFile())));
        assertEquals(0, finish(p));
        assertEquals("from a file\n", Files.readString(out), "truncated, then written");
        assertEquals(-1, p.getInputStream().read(), "stdout went to the file");
        assertThrows(IOException.class, () -> p.getOutputStream().write(1), "stdin is not a pipe");

        Path log = Files.writeString(dir.resolve("log.txt"), "first\n");
        Path err = dir.resolve("err.txt");
        assertEquals(0, finish(ns.start(new ProcessBuilder("sh", "-c", "echo second; echo oops >&2")
                .redirectOutput(Redirect.appendTo(log.toFile())).redirectError(err.toFile()))));
        assertEquals("first\nsecond\n", Files.readString(log));
        assertEquals("oops\n", Files.readString(err), "created");
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(err)),
                "0666 less the umask (022 here), as the JDK creates it");
    }

    @Test
    void discardAndInheritNeedNoPipes(@TempDir Path dir) throws Exception {
        Process discarded = ns.start(new ProcessBuilder("sh", "-c", "echo gone; echo also gone >&2")
                .redirectOutput(Redirect.DISCARD).redirectError(Redirect.DISCARD));
        assertEquals(0, finish(discarded));
        assertEquals(-1, discarded.getInputStream().read());
        assertEquals(0, discarded.getInputStream().available());

        // with INHERIT the child's stdout is the JVM's own: it names the same open file
        Path seen = dir.resolve("fd1");
        // $$ is the shell itself (the substitution runs in a subshell), whose stdout is inherited
        Process inherited = ns.start(new ProcessBuilder("sh", "-c", "link=$(readlink /proc/$$/fd/1); echo \"$link\" > " + seen)
                .inheritIO());
        assertEquals(0, finish(inherited));
        assertEquals(Files.readSymbolicLink(Path.of("/proc/self/fd/1")).toString(), Files.readString(seen).strip());
    }

    @Test
    void destroyIsAliveWaitForTimeoutAndOnExit() throws Exception {
        Process p = ns.start(new ProcessBuilder("sleep", "30"));
        assertTrue(p.isAlive());
        assertFalse(p.waitFor(100, TimeUnit.MILLISECONDS), "still running");
        assertThrows(IllegalThreadStateException.class, p::exitValue);
        assertTrue(p.supportsNormalTermination());
        assertEquals(p.pid(), p.toHandle().pid());
        assertTrue(Files.exists(Path.of("/proc/" + p.pid())), "a real process");
        var exit = p.onExit();
        p.destroy();
        assertEquals(143, p.waitFor(), "SIGTERM");
        assertFalse(Files.exists(Path.of("/proc/" + p.pid())), "reaped by the time waitFor returns, no zombie left");
        assertSame(p, exit.get(20, TimeUnit.SECONDS));
        assertFalse(p.isAlive());
        assertEquals(143, p.exitValue());
        assertTrue(p.waitFor(0, TimeUnit.SECONDS));
        p.destroyForcibly(); // after the exit: no signal to a pid that may be someone else's now
        assertEquals(143, p.exitValue());
    }

    @Test
    void onlyTheThreeStandardDescriptorsReachTheChild() throws Exception {
        // the JVM holds descriptors without close-on-exec (its modules file, jars): none may leak
        Process p = ns.start(new ProcessBuilder("sleep", "30"));
        try {
            // the dynamic loader briefly holds library files open after exec; a leaked descriptor stays
            List<String> fds = List.of();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline) {
                try (var list = Files.list(Path.of("/proc/" + p.pid() + "/fd"))) {
                    fds = list.map(f -> f.getFileName().toString()).sorted().toList();
                }
                if (fds.equals(List.of("0", "1", "2"))) {
                    break;
                }
                Thread.sleep(10);
            }
            assertEquals(List.of("0", "1", "2"), fds);
        } finally {
            p.destroyForcibly();
        }
        assertEquals(137, finish(p));
    }

    @Test
    void theChildSeesTheEnvironmentOfTheBuilder() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("env");
        pb.environment().put("NETNS_SPAWN_TEST", "value with spaces");
        assertTrue(pb.environment().containsKey("PATH"));
        pb.environment().remove("PATH");
        Process p = ns.start(pb);
        List<String> lines = text(p.getInputStream()).lines().toList();
        assertEquals(0, finish(p));
        assertTrue(lines.contains("NETNS_SPAWN_TEST=value with spaces"), lines::toString);
        assertFalse(lines.stream().anyMatch(l -> l.startsWith("PATH=")), "removed: " + lines);
    }

    @Test
    void directoryIsHonouredAlsoForARelativeProgram(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("where.sh");
        Files.writeString(script, "#!/bin/sh\npwd\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Process p = ns.start(new ProcessBuilder("./where.sh").directory(dir.toFile()));
        assertEquals(dir + "\n", text(p.getInputStream()));
        assertEquals(0, finish(p));
    }

    @Test
    void aScriptWithoutInterpreterLineRunsInTheShell(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("plain");
        Files.writeString(script, "echo \"plain $1\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Process p = ns.start(new ProcessBuilder(script.toString(), "script"));
        assertEquals("plain script\n", text(p.getInputStream()));
        assertEquals(0, finish(p));
    }

    @Test
    void theChildStartsWithNoBlockedOrIgnoredSignal() throws Exception {
        // the JVM ignores SIGHUP for a moment, as under nohup; exec alone would pass that on
        // sun.misc.Signal through reflection: the same calls, without javac's warning about internal API
        Class<?> signal = Class.forName("sun.misc.Signal");
        Class<?> handler = Class.forName("sun.misc.SignalHandler");
        java.lang.reflect.Method handle = signal.getMethod("handle", signal, handler);
        Object hup = signal.getConstructor(String.class).newInstance("HUP");
        Object previous = handle.invoke(null, hup, handler.getField("SIG_IGN").get(null));
        String out;
        try {
            assertEquals(1, ignored(Files.readString(Path.of("/proc/self/status"))) & 1, "the JVM now ignores SIGHUP");
            Process p = ns.start(new ProcessBuilder("cat", "/proc/self/status"));
            out = text(p.getInputStream());
            assertEquals(0, finish(p));
        } finally {
            handle.invoke(null, hup, previous);
        }
        // glibc itself leaves its two internal signals (32, 33) ignored, as in the JDK's children
        assertEquals(0, ignored(out) & 0x7fff_ffffL, "no standard signal ignored: " + out);
        assertTrue(out.contains("SigBlk:\t0000000000000000\n"), "none blocked: " + out);
    }

    private static long ignored(String status) {
        String line = status.lines().filter(l -> l.startsWith("SigIgn:")).findFirst().orElseThrow();
        return Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16);
    }

    @Test
    void failuresReadLikeTheJdks(@TempDir Path dir) throws Exception {
        IOException missing = assertThrows(IOException.class,
                () -> ns.start(new ProcessBuilder("netns-no-such-program").directory(dir.toFile())));
        assertEquals("Cannot run program \"netns-no-such-program\" (in directory \"" + dir
                + "\"): Exec failed, error: 2 (No such file or directory)", missing.getMessage());

        IOException noDir = assertThrows(IOException.class,
                () -> ns.start(new ProcessBuilder("true").directory(dir.resolve("absent").toFile())));
        assertTrue(noDir.getMessage().contains("(in directory \"" + dir.resolve("absent") + "\")"), noDir.getMessage());

        IOException notExecutable = assertThrows(IOException.class, () -> ns.start(new ProcessBuilder(dir.toString())));
        assertTrue(notExecutable.getMessage().endsWith("error: 13 (Permission denied)"), notExecutable.getMessage());

        Path nowhere = dir.resolve("absent/out.txt");
        IOException badRedirect = assertThrows(IOException.class,
                () -> ns.start(new ProcessBuilder("true").redirectOutput(nowhere.toFile())));
        assertEquals("Cannot run program \"true\": " + nowhere + " (No such file or directory)", badRedirect.getMessage());

        assertThrows(IOException.class, () -> ns.start(new ProcessBuilder("echo", "nul\0inside")));
        assertThrows(IndexOutOfBoundsException.class, () -> ns.start(new ProcessBuilder()));
        assertThrows(NullPointerException.class, () -> ns.start(new ProcessBuilder("echo", null)));
    }

    @Test
    void streamsOfAFinishedChildKeepItsLastOutput() throws Exception {
        Process p = ns.start(new ProcessBuilder("sh", "-c", "echo kept"));
        assertSame(p, p.onExit().get(20, TimeUnit.SECONDS));
        Thread.sleep(100);
        // read after the exit: by now the bytes were moved out of the closed pipe, and are still there
        assertEquals("kept\n", text(p.getInputStream()));
        assertNotEquals(0, p.pid());
    }
}
