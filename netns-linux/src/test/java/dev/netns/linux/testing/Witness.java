package dev.netns.linux.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Independent witnesses of kernel state for tests: iproute2 and /proc, never the library itself.
 * Commands are bounded in time.
 */
public final class Witness {
    private static final AtomicInteger SEQ = new AtomicInteger();

    private Witness() {
    }

    /** A name unique to this JVM and call, with the test-only prefix. */
    public static String uniqueName(String stem) {
        return "nt-" + stem + "-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();
    }

    /** Runs a command, returns stdout; fails the test on a non-zero exit or after 20 s. */
    public static String run(String... command) {
        Result r = tryRun(command);
        if (r.exit != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + r.exit + ": " + r.stderr + r.stdout);
        }
        return r.stdout;
    }

    /** Exit code, stdout and stderr of a command. */
    public record Result(int exit, String stdout, String stderr) {
    }

    public static Result tryRun(String... command) {
        try {
            Path err = Files.createTempFile("witness", ".err");
            try {
                Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
                p.getOutputStream().close();
                byte[] out = p.getInputStream().readAllBytes();
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not finish in 20 s");
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

    /** {@code ip netns list}, names only. */
    public static List<String> ipNetnsList() {
        List<String> names = new ArrayList<>();
        for (String line : run("ip", "netns", "list").split("\n")) {
            if (!line.isBlank()) {
                names.add(line.split(" ")[0]);
            }
        }
        return names;
    }

    /** The inode number the kernel shows for a namespace file, from {@code readlink} of a /proc link or stat -L. */
    public static long inodeOf(String path) {
        return Long.parseLong(run("stat", "-L", "-c", "%i", path).strip());
    }

    /** {@code net:[N]} of a /proc/.../ns/net link. */
    public static String readlink(String procLink) {
        try {
            return Files.readSymbolicLink(Path.of(procLink)).toString();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The calling (platform) thread's namespace, as the kernel names it. */
    public static String currentThreadNetns() {
        return readlink("/proc/thread-self/ns/net");
    }

    /** What this JVM's descriptors point at ({@code socket:[N]}, {@code net:[N]}, paths), from /proc/self/fd. */
    public static List<String> fdTargets() {
        List<String> targets = new ArrayList<>();
        try (var fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    targets.add(Files.readSymbolicLink(fd).toString());
                } catch (IOException e) {
                    // the directory stream's own descriptor, gone by now
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return targets;
    }

    /** Open file descriptors of this JVM. */
    public static int openFds() {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return (int) s.count();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** nsfs mounts of namespaces this JVM named with {@link #uniqueName}: unaffected by other processes' namespaces. */
    public static long nsfsMountsOfThisJvm() {
        String mine = "-" + ProcessHandle.current().pid() + "-";
        try {
            return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                    .filter(l -> l.contains(" - nsfs "))
                    .map(l -> l.split(" ")[4])
                    .filter(mp -> mp.startsWith("/run/netns/nt-") && mp.contains(mine))
                    .count();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Whether any nsfs mount shows the namespace of that inode (mountinfo's root field reads {@code net:[inode]}). */
    public static boolean nsfsMountOf(long inode) {
        String root = "net:[" + inode + "]";
        try {
            return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                    .anyMatch(l -> l.contains(" - nsfs ") && l.split(" ")[3].equals(root));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The {@code net:[inode]} targets of this JVM's open descriptors. */
    public static List<String> namespaceFds() {
        List<String> out = new ArrayList<>();
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("net:[")) {
                        out.add(target);
                    }
                } catch (IOException gone) {
                    // closed while listing
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out;
    }

    /** Whether a mount point with that path is in this JVM's mountinfo. */
    public static boolean mounted(String path) {
        try {
            return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                    .anyMatch(l -> l.split(" ")[4].equals(path));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Best-effort removal for test clean-up: {@code ip netns del NAME} if it exists. */
    public static void ipNetnsDelIfPresent(String name) {
        if (Files.exists(Path.of("/run/netns", name))) {
            tryRun("ip", "netns", "del", name);
        }
    }
}
