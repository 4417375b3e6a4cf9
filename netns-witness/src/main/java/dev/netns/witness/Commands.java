package dev.netns.witness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external command bounded in time and returns its exit status and both outputs.
 *
 * {@snippet :
 * String links = Commands.run("ip", "-j", "-n", "red", "link", "show");
 * Commands.Result r = Commands.exec("ip", "netns", "del", "red");   // may fail: see r.exit()
 * }
 *
 * <p>Both outputs go to temporary files rather than pipes, so a child that keeps running (or leaves
 * a grandchild holding the pipe) cannot block a read. A command still running after its timeout
 * (default {@link #DEFAULT_TIMEOUT}) is killed, with its descendants, each by its own pid, and the
 * call throws {@link AssertionError}. Standard input is closed at once.
 */
public final class Commands {
    /** How long {@link #exec(String...)} and {@link #run(String...)} let a command run: 20 s. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    private Commands() {
    }

    /**
     * What a command did.
     *
     * @param exit   its exit status
     * @param stdout its standard output, decoded as UTF-8
     * @param stderr its standard error, decoded as UTF-8
     */
    public record Result(int exit, String stdout, String stderr) {
        public Result {
            Objects.requireNonNull(stdout, "stdout");
            Objects.requireNonNull(stderr, "stderr");
        }

        /** Whether the command exited 0. */
        public boolean ok() {
            return exit == 0;
        }
    }

    /** Runs a command for at most {@link #DEFAULT_TIMEOUT}; any exit status is returned, not thrown. */
    public static Result exec(String... command) {
        return exec(DEFAULT_TIMEOUT, List.of(command));
    }

    /**
     * Runs a command for at most {@code timeout}.
     *
     * @throws AssertionError if it cannot be started, or still runs after the timeout (it is killed)
     */
    public static Result exec(Duration timeout, List<String> command) {
        List<String> cmd = List.copyOf(command);
        if (cmd.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least the program name");
        }
        String line = String.join(" ", cmd);
        try {
            Path out = Files.createTempFile("witness", ".out");
            Path err = Files.createTempFile("witness", ".err");
            try {
                Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                p.getOutputStream().close();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    kill(p);
                    throw new AssertionError(line + " did not finish in " + timeout.toMillis() + " ms and was killed");
                }
                return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + line, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + line, e);
        }
    }

    /**
     * Runs a command that must succeed (for at most {@link #DEFAULT_TIMEOUT}) and returns its
     * standard output.
     *
     * @throws AssertionError on a non-zero exit (naming the command and both outputs) or a timeout
     */
    public static String run(String... command) {
        return run(DEFAULT_TIMEOUT, List.of(command));
    }

    /** {@link #run(String...)} with a timeout of the caller's choice. */
    public static String run(Duration timeout, List<String> command) {
        Result r = exec(timeout, command);
        if (!r.ok()) {
            throw new AssertionError(String.join(" ", command) + " exited " + r.exit() + ": " + r.stderr() + r.stdout());
        }
        return r.stdout();
    }

    /** SIGKILL to the descendants first (they would be reparented otherwise), then the child, each by its pid. */
    private static void kill(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
    }
}
