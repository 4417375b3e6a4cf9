package dev.netns.testkit;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Which namespaces other programs are using. The run directory is shared by every process on the
 * machine: a name that appeared during a test may belong to a parallel test JVM or another tool.
 * Such a namespace is in use by its maker (an open handle, a thread or process inside), so a new name
 * whose namespace a process outside this JVM's own process tree holds is not this test's leak.
 */
final class OtherProcesses {
    private static final long SELF = ProcessHandle.current().pid();

    private OtherProcesses() {
    }

    /** The subset of {@code inodes} held by a process that is neither this JVM nor one of its descendants. */
    static Set<Long> holding(Set<Long> inodes) {
        Set<Long> held = new HashSet<>();
        if (inodes.isEmpty()) {
            return held;
        }
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> isPid(p.getFileName().toString()))) {
            for (Path proc : procs) {
                long pid = Long.parseLong(proc.getFileName().toString());
                if (pid == SELF) {
                    continue;
                }
                Set<Long> found = new HashSet<>();
                scan(proc.resolve("task"), "ns/net", inodes, found);
                scan(proc.resolve("fd"), "", inodes, found);
                if (!found.isEmpty() && !descendsFromUs(pid)) {
                    held.addAll(found);
                }
            }
        } catch (IOException e) {
            // /proc unreadable: attribute nothing to others, so leaks are reported rather than hidden
        }
        return held;
    }

    private static void scan(Path dir, String suffix, Set<Long> inodes, Set<Long> found) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path e : entries) {
                Path link = suffix.isEmpty() ? e : e.resolve(suffix);
                try {
                    String target = Files.readSymbolicLink(link).toString();
                    if (target.startsWith("net:[")) {
                        long ino = Long.parseLong(target.substring(5, target.length() - 1));
                        if (inodes.contains(ino)) {
                            found.add(ino);
                        }
                    }
                } catch (IOException | RuntimeException ignored) {
                    // the task or descriptor went away while we looked
                }
            }
        } catch (IOException ignored) {
            // the process exited
        }
    }

    /** Whether {@code pid}'s chain of parents reaches this JVM (a process a test started). */
    private static boolean descendsFromUs(long pid) {
        for (int depth = 0; depth < 64 && pid > 1; depth++) {
            var parent = ProcessHandle.of(pid).flatMap(ProcessHandle::parent).map(ProcessHandle::pid);
            if (parent.isEmpty()) {
                return false;
            }
            pid = parent.get();
            if (pid == SELF) {
                return true;
            }
        }
        return false;
    }

    private static boolean isPid(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
