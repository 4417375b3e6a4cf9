package dev.netns.testkit;

import java.io.IOException;
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
 *
 * <p>A pid means something only in its PID namespace, while {@code /run/netns} may be shared with
 * runs in other PID namespaces (containers, {@code unshare --pid}). So a JVM outside the initial PID
 * namespace writes its PID namespace's inode into the pid part, {@code tk-<pid>.<pidns>-<n>}, and
 * whether an owner is alive is judged only for names of the judging JVM's own PID namespace:
 * anything else is treated as alive, never swept.
 */
final class TestkitNames {
    static final String PREFIX = "tk-";
    /** {@code PROC_PID_INIT_INO}: the inode of the initial PID namespace, fixed by the kernel. */
    static final long INITIAL_PID_NAMESPACE = 0xEFFFFFFCL;
    private static final Pattern OWNED = Pattern.compile("tk-(\\d{1,10})(?:\\.(\\d{1,20}))?-.+");
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final long OWN_PID_NAMESPACE = pidNamespace();

    private TestkitNames() {
    }

    /** A name no other object of this JVM has. */
    static String next() {
        return PREFIX + ProcessHandle.current().pid()
                + (OWN_PID_NAMESPACE == INITIAL_PID_NAMESPACE ? "" : "." + OWN_PID_NAMESPACE) + "-" + SEQ.incrementAndGet();
    }

    /** The pid that owns a testkit name, empty for names the testkit did not make. */
    static OptionalLong owner(String name) {
        Matcher m = OWNED.matcher(name);
        return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    /** The PID namespace a testkit name's pid belongs to (the initial one when the name does not say). */
    static OptionalLong ownerPidNamespace(String name) {
        Matcher m = OWNED.matcher(name);
        if (!m.matches()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(m.group(2) == null ? INITIAL_PID_NAMESPACE : Long.parseLong(m.group(2)));
    }

    /** Whether this JVM made the name. */
    static boolean ours(String name) {
        return owner(name).equals(OptionalLong.of(ProcessHandle.current().pid()))
                && ownerPidNamespace(name).equals(OptionalLong.of(OWN_PID_NAMESPACE));
    }

    /**
     * Whether the owner of a testkit name may be alive: true unless its pid is of this JVM's PID
     * namespace and no process has it now (its /proc directory is gone).
     */
    static boolean mayBeAlive(String name) {
        OptionalLong pid = owner(name);
        if (pid.isEmpty() || ownerPidNamespace(name).getAsLong() != OWN_PID_NAMESPACE) {
            return true; // not ours to judge: that pid means another process here
        }
        return alive(pid.getAsLong());
    }

    /** Whether a process of that pid exists now (its /proc directory does). */
    static boolean alive(long pid) {
        return Files.exists(Path.of("/proc", Long.toString(pid)));
    }

    /** This JVM's PID namespace inode ({@code /proc/self/ns/pid}). */
    static long pidNamespace() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self/ns/pid"), "unix:ino")).longValue();
        } catch (IOException | UnsupportedOperationException e) {
            return INITIAL_PID_NAMESPACE;
        }
    }
}
