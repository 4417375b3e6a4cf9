package dev.netns.examples;

import dev.netns.witness.Commands;
import dev.netns.testkit.KernelTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A bad environment ends with one sentence saying what to do, exit status 1, and no stack trace:
 * checked in a real JVM started without the native-access flag, and one running as an unprivileged user.
 */
class EnvironmentTest {

    @Test
    void oldJdkPointsAtTheReadmeCommand() {
        String message = Environment.problem(21, true).orElseThrow();
        assertTrue(message.startsWith("netns needs JDK 25 or newer and this is JDK 21: run it with the README's mvn command"), message);
    }

    @Test
    void nativeAccessOffNamesTheFlag() {
        assertEquals("netns calls the C library through the FFM API: start java with --enable-native-access=ALL-UNNAMED "
                + "(the README's mvn command does).", Environment.problem(25, false).orElseThrow());
    }

    @KernelTest
    @Test
    void thisTestJvmIsFine() {
        assertEquals(java.util.Optional.empty(), Environment.problem());
    }

    @Test
    void withoutTheNativeAccessFlagOneSentence(@TempDir Path dir) throws Exception {
        Commands.Result r = Commands.exec(javaCommand(dir, false, "ns", "list"));
        assertEquals(1, r.exit(), r::toString);
        assertEquals("netns calls the C library through the FFM API: start java with --enable-native-access=ALL-UNNAMED "
                + "(the README's mvn command does).\n", r.stderr(), r::toString);
        assertEquals("", r.stdout());
    }

    @KernelTest
    @Test
    void asAnUnprivilegedUserOneSentence(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux) is needed to drop privileges");
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        cmd.addAll(List.of(javaCommand(dir, true, "demo")));
        Commands.Result r = Commands.exec(cmd.toArray(String[]::new));
        assertEquals(1, r.exit(), r::toString);
        assertEquals(1, r.stderr().lines().count(), r::toString);
        assertTrue(r.stderr().startsWith("netns needs CAP_SYS_ADMIN and CAP_NET_ADMIN"), r::toString);
        assertTrue(r.stderr().contains("run as root"), r::toString);
        assertFalse(r.stderr().contains("Exception"), r::toString);
        assertEquals("", r.stdout());
    }

    /**
     * A java command line for the CLI with a class path copied into {@code dir}, readable by anyone
     * (the build's own directories may not be, for an unprivileged user).
     */
    private static String[] javaCommand(Path dir, boolean nativeAccess, String... args) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<Path> copies = new ArrayList<>();
        for (Path source : Cli.classPath()) {
            Path copy = dir.resolve("cp" + copies.size() + (Files.isDirectory(source) ? "" : ".jar"));
            copyTree(source, copy);
            copies.add(copy);
        }
        return Cli.javaCommand(nativeAccess, copies, args).toArray(String[]::new);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                } else {
                    Files.copy(p, target);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
    }
}
