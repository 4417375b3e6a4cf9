package dev.netns.testkit;

import dev.netns.NetworkNamespace;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Without the capabilities namespaces need, a class is skipped with the reason, unless CI is true:
 * then it fails. Checked in a child JVM that really lacks CAP_SYS_ADMIN and CAP_NET_ADMIN (dropped
 * with {@code setpriv} from the bounding and inheritable sets, so they are gone after exec).
 */
class PrivilegesTest {

    @Example
    @NetnsTest
    static class NeedsNamespaces {
        @Test
        void makesOne(@Netns NetworkNamespace ns) {
        }
    }

    /** The child's output lines; {@code env} is applied to a copy of ours without CI. */
    private static List<String> runUnprivileged(Map<String, String> env, String... jvmFlags) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--inh-caps=-sys_admin,-net_admin",
                "--bounding-set=-sys_admin,-net_admin",
                ProcessHandle.current().info().command().orElseThrow(), "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(List.of(jvmFlags));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ExampleLauncher.class.getName(),
                NeedsNamespaces.class.getName()));
        java.nio.file.Path log = java.nio.file.Files.createTempFile("privileges", ".out");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("CI");
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the child JVM did not finish in 60 s: " + java.nio.file.Files.readString(log));
        }
        byte[] out = java.nio.file.Files.readAllBytes(log);
        java.nio.file.Files.delete(log);
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        return text.lines().toList();
    }

    private static String line(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starting with " + prefix + " in " + lines));
    }

    @Test
    void skippedWithTheMissingCapabilityNamed() throws Exception {
        List<String> out = runUnprivileged(Map.of());
        String skipped = line(out, "SKIPPED PrivilegesTest$NeedsNamespaces");
        assertTrue(skipped.contains("network namespaces are unavailable: netns needs CAP_SYS_ADMIN and CAP_NET_ADMIN"), skipped);
        assertFalse(out.stream().anyMatch(l -> l.startsWith("FAILED")), out.toString());
    }

    @Test
    void failsInsteadWhenCiIsTrue() throws Exception {
        List<String> out = runUnprivileged(Map.of("CI", "true"));
        String failed = line(out, "FAILED PrivilegesTest$NeedsNamespaces");
        assertTrue(failed.contains("CI is true, so they fail instead of being skipped"), failed);
        assertTrue(failed.contains("CAP_SYS_ADMIN"), failed);
        assertFalse(out.stream().anyMatch(l -> l.startsWith("SKIPPED")), out.toString());
    }

    @Test
    void systemPropertyOverridesTheEnvironment() throws Exception {
        List<String> out = runUnprivileged(Map.of("CI", "true"), "-D" + NetnsExtension.CI_KEY + "=false");
        line(out, "SKIPPED PrivilegesTest$NeedsNamespaces");
        out = runUnprivileged(Map.of(), "-D" + NetnsExtension.CI_KEY + "=true");
        line(out, "FAILED PrivilegesTest$NeedsNamespaces");
    }
}
