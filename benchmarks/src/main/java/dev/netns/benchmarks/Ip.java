package dev.netns.benchmarks;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs iproute2's {@code ip}, the way a Java program without this SDK does it today: one process
 * per command, started with {@link ProcessBuilder} and waited for. Used for the baseline
 * benchmarks and never against the machine's own namespace (every command names a sandbox
 * namespace with {@code -n}, or is {@code ip netns add/del} of a {@code bm-} name).
 */
public final class Ip {
    /** A command that hangs longer than this fails the benchmark instead of stalling it. */
    private static final long TIMEOUT_SECONDS = 20;
    private static final File DEV_NULL = new File("/dev/null");
    private static final String IP = locate();

    private Ip() {
    }

    /**
     * Runs {@code ip ARGS...} and waits for it.
     *
     * @throws IllegalStateException when it exits non-zero (with its stderr) or times out
     */
    public static void run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(args.length + 1);
        command.add(IP);
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .redirectInput(DEV_NULL)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
        }
        if (p.exitValue() != 0) {
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            throw new IllegalStateException(String.join(" ", command) + " exited " + p.exitValue() + ": " + err);
        }
        p.getErrorStream().close();
    }

    /** {@code ip} from the usual sbin directories, else from the {@code PATH}. */
    private static String locate() {
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            Path p = Path.of(dir, "ip");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return "ip";
    }
}
