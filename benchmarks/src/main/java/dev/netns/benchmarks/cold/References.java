package dev.netns.benchmarks.cold;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Builds the two reference programs the cold harness runs beside the SDK: the C one
 * ({@code src/main/c/reference.c}, with the machine's {@code cc -O2}) and the Go one
 * ({@code src/main/go/reference}, with Debian's {@code go} in GOPATH mode against the packaged
 * vishvananda/netns and vishvananda/netlink sources under {@code /usr/share/gocode}, offline).
 * Paths are relative to the {@code benchmarks} module; the binaries, Go's GOPATH and build cache go
 * under the given work directory (in {@code target}, never committed).
 */
public final class References {
    /** Where Debian's {@code golang-github-vishvananda-*-dev} packages put their sources. */
    static final Path GOCODE = Path.of("/usr/share/gocode");
    private static final String GO_PACKAGES = "golang-go golang-github-vishvananda-netlink-dev golang-github-vishvananda-netns-dev";
    private static final long BUILD_SECONDS = 300;

    private References() {
    }

    /** Compiles the C reference to {@code WORK/reference}. */
    public static Path buildC(Path work) throws IOException, InterruptedException {
        Files.createDirectories(work);
        Path binary = work.resolve("reference");
        String cc = locate("cc", "the C reference needs a C compiler: apt-get install gcc");
        build(List.of(cc, "-O2", "-o", binary.toString(), "src/main/c/reference.c"), Map.of(), "cc could not build the C reference");
        return binary;
    }

    /** Builds the Go reference to {@code WORK/gref}; the first build takes some seconds, later ones use the cache in WORK. */
    public static Path buildGo(Path work) throws IOException, InterruptedException {
        Files.createDirectories(work);
        String go = locate("go", "the Go reference needs go and the vishvananda libraries: apt-get install " + GO_PACKAGES);
        for (String lib : List.of("netlink", "netns")) {
            if (!Files.isDirectory(GOCODE.resolve("src/github.com/vishvananda/" + lib))) {
                throw new IOException("the Go reference needs vishvananda/" + lib + " under " + GOCODE
                        + ": apt-get install golang-github-vishvananda-" + lib + "-dev");
            }
        }
        Path binary = work.resolve("gref");
        Path gopath = Files.createDirectories(work.resolve("gopath")).toAbsolutePath();
        Path cache = Files.createDirectories(work.resolve("gocache")).toAbsolutePath();
        build(List.of(go, "build", "-o", binary.toString(), "./src/main/go/reference"),
                Map.of("GO111MODULE", "off", "GOPATH", gopath + ":" + GOCODE, "GOCACHE", cache.toString(), "GOFLAGS", "",
                        "GOPROXY", "off"), "go could not build the Go reference");
        return binary;
    }

    private static void build(List<String> command, Map<String, String> env, String failure) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(BUILD_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(failure + ": not done in " + BUILD_SECONDS + " s");
        }
        if (p.exitValue() != 0) {
            throw new IOException(failure + " (" + String.join(" ", command) + "):\n" + new String(output, StandardCharsets.UTF_8));
        }
    }

    /** A command from the PATH or the usual bin directories. */
    private static String locate(String name, String missing) throws IOException {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/local/bin", "/usr/bin", "/bin", "/usr/lib/go/bin"));
        for (String dir : dirs) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name).toString();
            }
        }
        throw new IOException(name + " not found: " + missing);
    }
}
