package dev.netns.benchmarks.cold;

import dev.netns.witness.Commands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A guard for the cold path, not a timing: a fresh JVM making its first namespace, network and pod
 * ({@link FirstPod}) must not bootstrap a single {@code invokedynamic} call site of the SDK. Each
 * lambda or method reference is a class the JVM spins on first use (about a millisecond apiece), a
 * record's generated {@code equals}/{@code hashCode} and a pattern {@code switch} cost a first use
 * tens of milliseconds; together they were a fifth of the first pod. The JVM's own
 * {@code methodhandles+indy} log is the witness.
 */
class ColdPathTest {
    @TempDir
    Path tmp;

    @Test
    void theFirstPodBootstrapsNoInvokedynamicCallSiteOfTheSdk() throws Exception {
        Path log = tmp.resolve("indy.log");
        String java = ProcessHandle.current().info().command().orElseThrow();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        // a private mount namespace with its own /run/netns: whatever the child leaves vanishes with it
        String child = "mkdir -p /run/netns && mount -t tmpfs tmpfs /run/netns && exec \"$0\" \"$@\"";
        Commands.Result r = Commands.exec(Duration.ofSeconds(60), List.of("unshare", "--mount", "--propagation", "private",
                "sh", "-c", child, java, "--enable-native-access=ALL-UNNAMED", "-Xlog:methodhandles+indy=debug:file=" + log,
                "-cp", classPath, FirstPod.class.getName()));
        assertEquals(0, r.exit(), r.stderr() + r.stdout());
        assertTrue(r.stdout().strip().endsWith("ready"), r.stdout());
        List<String> sites = Files.readAllLines(log).stream()
                .filter(l -> l.contains("resolve_invokedynamic Bootstrap in dev/netns/"))
                .map(l -> l.substring(l.indexOf("Bootstrap in ") + "Bootstrap in ".length()))
                .toList();
        assertTrue(sites.isEmpty(), "invokedynamic call sites of the SDK bootstrapped on the way to the first pod"
                + " (write a loop or a class instead of a lambda, equals/hashCode of a record out, an instanceof"
                + " chain instead of a pattern switch):\n" + String.join("\n", sites));
        // the log is real: the JDK's own start-up bootstraps call sites too
        assertTrue(Files.readString(log).contains("resolve_invokedynamic"), "the JVM wrote no invokedynamic log");
    }
}
