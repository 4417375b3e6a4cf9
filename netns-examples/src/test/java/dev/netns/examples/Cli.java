package dev.netns.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The CLI as its tests run it: in this JVM with its output captured, or as a java command line for a
 * new JVM. (Witnesses of kernel state come from the witness module: {@code Commands}, {@code Ip}.)
 */
final class Cli {
    private Cli() {
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
    record Result(int status, String out, String err) {
        @Override
        public String toString() {
            return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** Runs the CLI in this JVM with captured output. */
    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = NetnsCli.run(Arrays.asList(args), o, e);
        }
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
