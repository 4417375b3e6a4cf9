package dev.netns.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names the testkit gives what it creates: {@code tk-<pid>-<n>} for namespaces and sandbox nodes,
 * {@code tk-<pid>-<n>-<pod>} for pods. The owning JVM's pid in the name is what lets the
 * {@link Sweeper} tell a crashed run's leftovers from a live run's objects.
 */
final class TestkitNames {
    static final String PREFIX = "tk-";
    private static final Pattern OWNED = Pattern.compile("tk-(\\d{1,10})-.+");
    private static final AtomicInteger SEQ = new AtomicInteger();

    private TestkitNames() {
    }

    /** A name no other object of this JVM has. */
    static String next() {
        return PREFIX + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();
    }

    /** The pid that owns a testkit name, empty for names the testkit did not make. */
    static OptionalLong owner(String name) {
        Matcher m = OWNED.matcher(name);
        return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    /** Whether a process of that pid exists now (its /proc directory does). */
    static boolean alive(long pid) {
        return Files.exists(Path.of("/proc", Long.toString(pid)));
    }
}
