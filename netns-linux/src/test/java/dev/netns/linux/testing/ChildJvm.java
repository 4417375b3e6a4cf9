package dev.netns.linux.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a {@code main} class of the test class path in a child JVM, bounded in time: output goes to
 * a file (a child that hangs cannot block a pipe read), and one that outlives the limit is killed
 * and fails the test.
 */
public final class ChildJvm {
    private static final long LIMIT_SECONDS = 60;

    private ChildJvm() {
    }

    /** Exit status and combined stdout/stderr of a child. */
    public record Result(int exit, String output) {
    }

    /**
     * Runs {@code main} with {@code jvmFlags}, the command prefixed by {@code wrapper} (e.g. a
     * {@code setpriv} invocation, or nothing) and the class path {@code classPath}.
     */
    public static Result run(List<String> wrapper, String classPath, List<String> jvmFlags, Class<?> main,
                             String... args) {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.add(java);
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-cp", classPath, main.getName()));
        cmd.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("child-jvm", ".out");
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile())
                        .directory(Path.of(System.getProperty("java.io.tmpdir")).toFile()).start();
                p.getOutputStream().close();
                if (!p.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                    throw new AssertionError("child JVM " + main.getName() + " did not finish in " + LIMIT_SECONDS
                            + " s; output so far:\n" + Files.readString(out));
                }
                return new Result(p.exitValue(), Files.readString(out));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Runs {@code main} with this JVM's class path. */
    public static Result run(List<String> jvmFlags, Class<?> main, String... args) {
        return run(List.of(), System.getProperty("java.class.path"), jvmFlags, main, args);
    }

    /**
     * A copy of this JVM's class path that any user can read (the originals may sit under a
     * private home directory), in {@code dir}; the caller deletes {@code dir}.
     */
    public static String worldReadableClassPath(Path dir) throws IOException {
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path source = Path.of(entry);
            if (!Files.exists(source)) {
                continue;
            }
            Path target = dir.resolve((n++) + "-" + source.getFileName());
            if (Files.isDirectory(source)) {
                try (Stream<Path> files = Files.walk(source)) {
                    for (Path f : files.toList()) {
                        Path t = target.resolve(source.relativize(f).toString());
                        if (Files.isDirectory(f)) {
                            Files.createDirectories(t);
                        } else {
                            Files.copy(f, t, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            } else {
                Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
            }
            entries.add(target.toString());
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    /** Deletes a directory tree made by {@link #worldReadableClassPath}. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
