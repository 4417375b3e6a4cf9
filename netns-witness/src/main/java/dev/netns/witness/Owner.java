package dev.netns.witness;

import dev.netns.NetnsException;
import dev.netns.NetworkNamespaces;
import dev.netns.NoSuchNamespaceException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names for named namespaces that say which process made them, so that what a crashed process
 * left behind can be told from what a live one still uses, and swept.
 *
 * <p>An owner is a short tag (e.g. {@code tk} for the testkit, {@code bm} for benchmarks); this
 * process's names under it start with {@code TAG-PID-} ({@link #prefix()}). A pid means something
 * only in its PID namespace, while {@code /run/netns} may be shared with processes of other PID
 * namespaces (containers, {@code unshare --pid}); so a process outside the initial PID namespace
 * writes its PID namespace's inode into the pid part, {@code TAG-PID.PIDNS-}, and
 * {@link #mayBeAlive} judges only names of the judging process's own PID namespace: any other is
 * treated as alive, never swept. A pid the kernel reused keeps its leftovers until that process
 * exits too, which errs on the side of never deleting a live process's namespaces.
 *
 * {@snippet :
 * Owner mine = Owner.of("it");
 * mine.sweep();                                   // it-<dead pid>-... of crashed runs
 * String name = mine.uniqueName("peer");          // it-4711-peer-1
 * }
 *
 * <p>{@link #sweep()} and {@link #deleteOwn()} go through the netns API
 * ({@link NetworkNamespaces#list()}, {@link NetworkNamespaces#delete(String)}), so they need a
 * provider at run time, as any user of the API does.
 */
public final class Owner {
    /** {@code PROC_PID_INIT_INO}: the inode of the initial PID namespace, fixed by the kernel. */
    public static final long INITIAL_PID_NAMESPACE = 0xEFFFFFFCL;
    private static final Pattern TAG = Pattern.compile("[a-z][a-z0-9]{0,7}");
    private static final ConcurrentMap<String, Owner> OWNERS = new ConcurrentHashMap<>();
    private static final long OWN_PID_NAMESPACE = pidNamespace();

    private final String tag;
    private final String prefix;
    private final Pattern owned;
    private final AtomicLong seq = new AtomicLong();
    private final AtomicBoolean swept = new AtomicBoolean();
    private final AtomicBoolean hooked = new AtomicBoolean();

    private Owner(String tag) {
        this.tag = tag;
        this.prefix = tag + "-" + ProcessHandle.current().pid()
                + (OWN_PID_NAMESPACE == INITIAL_PID_NAMESPACE ? "" : "." + OWN_PID_NAMESPACE) + "-";
        this.owned = Pattern.compile(Pattern.quote(tag) + "-(\\d{1,10})(?:\\.(\\d{1,20}))?-.+");
    }

    /**
     * The owner of this process for a tag: 1 to 8 lower-case letters or digits, starting with a letter.
     *
     * @throws IllegalArgumentException for another tag
     */
    public static Owner of(String tag) {
        if (!TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("an owner tag is 1 to 8 of [a-z0-9], starting with a letter: '" + tag + "'");
        }
        return OWNERS.computeIfAbsent(tag, Owner::new);
    }

    /** The tag. */
    public String tag() {
        return tag;
    }

    /** What every name of this process under the tag starts with: {@code TAG-PID-} (or {@code TAG-PID.PIDNS-}). */
    public String prefix() {
        return prefix;
    }

    /** A name no other call in this process returns: {@code TAG-PID-N}. */
    public String next() {
        return prefix + seq.incrementAndGet();
    }

    /** A name no other call in this process returns, with a stem for the reader: {@code TAG-PID-STEM-N}. */
    public String uniqueName(String stem) {
        return prefix + stem + "-" + seq.incrementAndGet();
    }

    /** The pid in a name of this tag; empty for names of other tags or formats. */
    public OptionalLong owner(String name) {
        Matcher m = owned.matcher(name);
        return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    /** The PID namespace (its inode) a name's pid belongs to: the initial one when the name does not say. */
    public OptionalLong ownerPidNamespace(String name) {
        Matcher m = owned.matcher(name);
        if (!m.matches()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(m.group(2) == null ? INITIAL_PID_NAMESPACE : Long.parseLong(m.group(2)));
    }

    /** Whether this process made the name (it starts with {@link #prefix()}). */
    public boolean ours(String name) {
        return name.startsWith(prefix) && owner(name).isPresent();
    }

    /**
     * Whether the owner of a name of this tag may be alive: true unless its pid is of this process's
     * PID namespace and no process has it now (its /proc directory is gone). True for names of other tags.
     */
    public boolean mayBeAlive(String name) {
        OptionalLong pid = owner(name);
        if (pid.isEmpty() || ownerPidNamespace(name).getAsLong() != OWN_PID_NAMESPACE) {
            return true; // not ours to judge: that pid means another process here
        }
        return alive(pid.getAsLong());
    }

    /**
     * Deletes the named namespaces of this tag whose owner no longer runs
     * ({@code ip netns del} of each); returns the names removed. Links inside die with them.
     */
    public List<String> sweep() throws NetnsException {
        List<String> removed = new ArrayList<>();
        for (String name : NetworkNamespaces.list()) {
            if (owner(name).isPresent() && !mayBeAlive(name) && deleteIfPresent(name)) {
                removed.add(name);
            }
        }
        return removed;
    }

    /** {@link #sweep()}, the first time it is called for this tag in this process; later calls remove nothing. */
    public List<String> sweepOnce() throws NetnsException {
        return swept.compareAndSet(false, true) ? sweep() : List.of();
    }

    /**
     * Deletes every named namespace whose name starts with {@link #prefix()}: all this process made
     * under the tag, also through other means (pods, {@code ip netns add}). Keeps going on failure and
     * throws the first, with the others suppressed.
     */
    public void deleteOwn() throws NetnsException {
        deleteAll(prefix);
    }

    /** Registers (once) a shutdown hook that runs {@link #deleteOwn()}, reporting failures on standard error. */
    public void deleteOwnAtExit() {
        if (hooked.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
                try {
                    deleteOwn();
                } catch (NetnsException | RuntimeException e) {
                    System.err.println("could not delete every namespace " + prefix + "*: " + e);
                }
            }));
        }
    }

    /** Deletes a named namespace unless it is already gone; returns whether this call deleted it. */
    public static boolean deleteIfPresent(String name) throws NetnsException {
        try {
            NetworkNamespaces.delete(name);
            return true;
        } catch (NoSuchNamespaceException e) {
            return false; // someone else's clean-up (a network's own teardown, another sweeper) got there first
        }
    }

    static void deleteAll(String namePrefix) throws NetnsException {
        NetnsException first = null;
        for (String name : NetworkNamespaces.list()) {
            if (name.startsWith(namePrefix)) {
                try {
                    deleteIfPresent(name);
                } catch (NetnsException e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Whether a process of that pid exists now in this process's PID namespace (its /proc directory does). */
    public static boolean alive(long pid) {
        return Files.exists(Path.of("/proc", Long.toString(pid)));
    }

    /** This process's PID namespace inode ({@code /proc/self/ns/pid}), the initial one if it cannot be read. */
    public static long pidNamespace() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self/ns/pid"), "unix:ino")).longValue();
        } catch (IOException | UnsupportedOperationException e) {
            return INITIAL_PID_NAMESPACE;
        }
    }
}
