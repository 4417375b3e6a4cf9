package dev.netns.benchmarks.cold;

import dev.netns.witness.Commands;
import dev.netns.witness.Ip;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The C and Go reference programs the cold harness runs build, run and clean up after themselves:
 * each is built as the harness builds it ({@link References}), then run with {@code firstpod},
 * {@code ns 3}, {@code veth 2}, {@code run 3} and {@code pod 2} in a private mount namespace with its
 * own {@code /run/netns} (a tmpfs), where afterwards the directory listing, {@code ip -j netns list}
 * and {@code /proc/self/mounts} witness that no named namespace is left; the caller's own namespace
 * has the same links before and after. Under {@code CI=true} a missing {@code cc} or {@code go}
 * fails naming the package ({@code .ci/run} installs them); elsewhere they are installed with apt.
 */
class ReferenceProgramsTest {
    private static final Path WORK = Path.of("target", "references-test");
    /** Run in the private mount namespace: the program, then what it left. */
    private static final String SANDBOX = """
            mkdir -p /run/netns && mount -t tmpfs tmpfs /run/netns || exit 97
            "$@"
            rc=$?
            echo "--- after"
            echo "exit $rc"
            echo "files [$(ls -A /run/netns | tr '\\n' ' ')]"
            echo "ip $(ip -j netns list)"
            echo "mounts $(grep -c ' /run/netns/' /proc/self/mounts)"
            """;
    private static Path c;
    private static Path go;

    @BeforeAll
    static void build() throws Exception {
        require("gcc", "cc", Path.of("/usr/bin/cc"));
        require("golang-go", "go", Path.of("/usr/bin/go"));
        require("golang-github-vishvananda-netlink-dev", "vishvananda/netlink", References.GOCODE.resolve("src/github.com/vishvananda/netlink"));
        require("golang-github-vishvananda-netns-dev", "vishvananda/netns", References.GOCODE.resolve("src/github.com/vishvananda/netns"));
        c = References.buildC(WORK);
        go = References.buildGo(WORK);
    }

    @Test
    void cReferenceRunsEveryOperationAndLeavesNothing() {
        runsEveryOperationAndLeavesNothing(c);
    }

    @Test
    void goReferenceRunsEveryOperationAndLeavesNothing() {
        runsEveryOperationAndLeavesNothing(go);
    }

    private static void runsEveryOperationAndLeavesNothing(Path binary) {
        List<String> linksBefore = ownLinks();
        List<String> first = run(binary, "firstpod");
        assertEquals(1, first.size(), first.toString());
        assertTrue(first.getFirst().matches("ready \\d+\\.\\d\\d"), first.toString());
        assertSamples(run(binary, "ns", "3"), 3);
        assertSamples(run(binary, "veth", "2"), 2);
        assertSamples(run(binary, "run", "3"), 3);
        assertSamples(run(binary, "pod", "2"), 2);
        assertEquals(linksBefore, ownLinks(), "the caller's own namespace is untouched");
    }

    private static void assertSamples(List<String> lines, int count) {
        assertEquals(count, lines.size(), lines.toString());
        for (String line : lines) {
            assertTrue(line.matches("\\d+\\.\\d{2,3}") && Double.parseDouble(line) > 0, "microseconds: " + lines);
        }
    }

    /** The program's output lines, after checking it exited 0 and left no named namespace, file or mount. */
    private static List<String> run(Path binary, String... args) {
        List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "--", "sh", "-c", SANDBOX, "sh",
                binary.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Commands.Result r = Commands.exec(Duration.ofSeconds(60), command);
        String what = binary.getFileName() + " " + String.join(" ", args) + ":\n" + r.stdout() + r.stderr();
        assertEquals(0, r.exit(), what);
        List<String> lines = r.stdout().lines().toList();
        int after = lines.indexOf("--- after");
        assertTrue(after >= 0, what);
        assertEquals(List.of("exit 0", "files []", "ip []", "mounts 0"), lines.subList(after + 1, lines.size()), what);
        return lines.subList(0, after);
    }

    /** The links of the test's own namespace, index and name ({@code ip -j link show}, read only). */
    private static List<String> ownLinks() {
        return Ip.links().stream().map(l -> l.index() + ":" + l.name()).toList();
    }

    /** Ensures {@code probe} exists: under {@code CI=true} a missing one fails naming the package, elsewhere apt installs it. */
    private static void require(String pkg, String tool, Path probe) {
        if (Files.exists(probe)) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(tool + " is missing (" + probe + "): Debian package " + pkg + ", which .ci/run installs");
        }
        Commands.run(Duration.ofSeconds(600), List.of("apt-get", "install", "-y", "-q", pkg));
        assertTrue(Files.exists(probe), pkg + " installed but " + probe + " is still missing");
    }
}
