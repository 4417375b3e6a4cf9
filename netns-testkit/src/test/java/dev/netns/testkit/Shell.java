package dev.netns.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Independent witnesses for the testkit's tests: iproute2 and /proc, each command bounded to 20 s. */
final class Shell {
    private Shell() {
    }

    static String run(String... command) {
        try {
            // output to a file: a child that hangs fails after 20 s instead of blocking a pipe read
            java.nio.file.Path log = java.nio.file.Files.createTempFile("shell", ".out");
            byte[] out;
            int exit;
            try {
                Process p0 = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
                p0.getOutputStream().close();
                if (!p0.waitFor(20, TimeUnit.SECONDS)) {
                    p0.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not finish in 20 s");
                }
                out = java.nio.file.Files.readAllBytes(log);
                exit = p0.exitValue();
            } finally {
                java.nio.file.Files.deleteIfExists(log);
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (exit != 0) {
                throw new AssertionError(String.join(" ", command) + " exited " + exit + ": " + text);
            }
            return text;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** {@code ip netns list}, names only. */
    static List<String> ipNetnsList() {
        return run("ip", "netns", "list").lines().filter(l -> !l.isBlank()).map(l -> l.split(" ")[0]).toList();
    }

    /** {@code ip netns del NAME} when it exists: cleanup after examples that keep or leak on purpose. */
    static void ipNetnsDelIfPresent(String name) {
        if (name != null && Files.exists(Path.of("/run/netns", name))) {
            run("ip", "netns", "del", name);
        }
    }

    /** The namespace inodes this JVM holds descriptors of, from {@code /proc/self/fd}. */
    static List<Long> netnsFdInodes() {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    return "";
                }
            }).filter(t -> t.startsWith("net:[")).map(t -> Long.parseLong(t.substring(5, t.length() - 1))).toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The inode of a namespace file, from {@code stat -L}. */
    static long inode(String path) {
        return Long.parseLong(run("stat", "-L", "-c", "%i", path).strip());
    }

    /** {@code readlink} of a /proc ns link, e.g. {@code net:[4026531840]}. */
    static String readlink(String path) {
        try {
            return Files.readSymbolicLink(Path.of(path)).toString();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The MTU of {@code lo} in that namespace, as {@code nsenter --net=... ip -j link show lo} reports it. */
    static int loMtu(dev.netns.NetworkNamespace ns) {
        // an anonymous handle's path is /proc/self/fd/N: name it through this JVM's pid for the child
        String path = ns.path().toString().replace("/proc/self/", "/proc/" + ProcessHandle.current().pid() + "/");
        String json = run("nsenter", "--net=" + path, "ip", "-j", "link", "show", "lo");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"mtu\":(\\d+)").matcher(json);
        if (!m.find()) {
            throw new AssertionError("no mtu in " + json);
        }
        return Integer.parseInt(m.group(1));
    }
}
