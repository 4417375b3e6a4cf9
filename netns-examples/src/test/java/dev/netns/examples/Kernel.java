package dev.netns.examples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test helpers: independent witnesses of kernel state (iproute2 and /proc, never the SDK), unique
 * names, and the CLI run in-process with its output captured.
 */
final class Kernel {
    private static final AtomicInteger SEQ = new AtomicInteger();

    private Kernel() {
    }

    /** A namespace name unique to this JVM and call: {@code nx-STEM-PID-N}. */
    static String uniqueName(String stem) {
        return "nx-" + stem + "-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();
    }

    /** The result of a command: exit status, standard output and error. */
    record Result(int status, String out, String err) {
    }

    /** Runs a command (bounded to 20 s) and returns what it did. */
    static Result exec(String... command) {
        try {
            Path err = Files.createTempFile("kernel-witness", ".err");
            try {
                Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
                p.getOutputStream().close();
                byte[] out = p.getInputStream().readAllBytes();
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " took over 20 s");
                }
                return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), Files.readString(err));
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Runs a command that must succeed and returns its standard output. */
    static String run(String... command) {
        Result r = exec(command);
        if (r.status() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + r.status() + ": " + r.err() + r.out());
        }
        return r.out();
    }

    /** {@code ip netns list}, names only. */
    static List<String> namespaces() {
        return run("ip", "netns", "list").lines().map(l -> l.split(" ")[0]).filter(s -> !s.isBlank()).sorted().toList();
    }

    /** The interface names of the root namespace, by {@code ip -o link}. */
    static List<String> rootLinks() {
        return run("ip", "-o", "link", "show").lines().map(l -> l.split(":")[1].trim().split("@")[0]).sorted().toList();
    }

    /** Deletes every namespace whose name starts with {@code prefix} (cleanup after a failed test). */
    static void deleteNamespaces(String prefix) {
        for (String ns : namespaces()) {
            if (ns.startsWith(prefix)) {
                exec("ip", "netns", "del", ns);
            }
        }
    }

    /** Where the CLI's classes and its runtime dependencies were loaded from, for a new JVM's class path. */
    static List<Path> classPath() {
        List<Path> entries = new java.util.ArrayList<>();
        for (String className : List.of("dev.netns.examples.NetnsCli", "dev.netns.NetworkNamespaces", "dev.netns.linux.LinuxNetnsProvider",
                "org.slf4j.LoggerFactory", "org.slf4j.simple.SimpleLogger")) {
            try {
                entries.add(Path.of(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI()));
            } catch (ClassNotFoundException | java.net.URISyntaxException e) {
                throw new AssertionError(e);
            }
        }
        return entries;
    }

    /** A java command line running the CLI in a new JVM of this JDK. */
    static List<String> javaCommand(boolean nativeAccess, List<Path> classPath, String... args) {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        if (nativeAccess) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        String state = System.getProperty(PodNode.STATE_PROPERTY); // the tests' own state directory, never /var/lib/cni
        if (state != null) {
            cmd.add("-D" + PodNode.STATE_PROPERTY + "=" + state);
        }
        cmd.addAll(List.of("-cp", String.join(":", classPath.stream().map(Path::toString).toList()), NetnsCli.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** The CLI's exit status and captured output. */
    record Cli(int status, String out, String err) {
        @Override
        public String toString() {
            return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** Runs the CLI in this JVM with captured output. */
    static Cli cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = NetnsCli.run(Arrays.asList(args), o, e);
        }
        return new Cli(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
