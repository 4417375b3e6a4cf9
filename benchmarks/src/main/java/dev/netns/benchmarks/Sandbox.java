package dev.netns.benchmarks;

import dev.netns.NetnsException;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import dev.netns.NoSuchNamespaceException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The namespaces one benchmark trial works in. Nothing a benchmark does touches the machine's own
 * network namespace: links, bridges and addresses live in namespaces made here, and named
 * namespaces carry the prefix {@code bm-<pid>-} so that what a crashed fork left behind can be
 * recognised and swept by the next run.
 *
 * {@snippet :
 * try (Sandbox sandbox = Sandbox.open()) {
 *     NetworkNamespace node = sandbox.anonymous();        // gone with the handle
 *     NetworkNamespace peer = sandbox.named("peer");      // bm-4711-peer-1, deleted on close
 * }
 * }
 *
 * <p>Three layers of cleanup, because JMH does not promise to run {@code @TearDown} after a
 * benchmark threw: {@link #close()} (called from {@code @TearDown(Level.Trial)}), a shutdown hook
 * that deletes every named namespace of this JVM, and {@link #sweep()} at the start of each trial,
 * which deletes those of JVMs that no longer run. Anonymous namespaces need none of this: the
 * kernel frees them when the last handle (and with it the last reference) is gone.
 */
public final class Sandbox implements AutoCloseable {
    /** Every named namespace of this JVM starts with this. */
    public static final String PREFIX = "bm-" + ProcessHandle.current().pid() + "-";
    private static final Pattern OURS = Pattern.compile("bm-(\\d+)-.*");
    private static final AtomicLong SEQ = new AtomicLong();

    static {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(Sandbox::deleteOwnQuietly));
    }

    private final List<NetworkNamespace> handles = new ArrayList<>();

    private Sandbox() {
    }

    /** Sweeps leftovers of dead benchmark JVMs, then starts an empty sandbox. */
    public static Sandbox open() throws NetnsException {
        sweep();
        return new Sandbox();
    }

    /** A name unique in this JVM: {@code bm-<pid>-<stem>-<n>}. */
    public static String uniqueName(String stem) {
        return PREFIX + stem + "-" + SEQ.incrementAndGet();
    }

    /** A new anonymous namespace, closed with the sandbox. */
    public synchronized NetworkNamespace anonymous() throws NetnsException {
        NetworkNamespace ns = NetworkNamespaces.create();
        handles.add(ns);
        return ns;
    }

    /** A new named namespace {@code bm-<pid>-<stem>-<n>}, deleted with the sandbox. */
    public synchronized NetworkNamespace named(String stem) throws NetnsException {
        NetworkNamespace ns = NetworkNamespaces.create(uniqueName(stem));
        handles.add(ns);
        return ns;
    }

    /**
     * Closes every handle and deletes every named namespace of this JVM, including ones made
     * outside the sandbox (pods, {@code ip netns add}). Keeps going on failure.
     */
    @Override
    public synchronized void close() throws NetnsException {
        for (NetworkNamespace ns : handles) {
            ns.close();
        }
        handles.clear();
        deleteOwn();
    }

    /** Deletes the named namespaces of benchmark JVMs that are not running any more. */
    public static void sweep() throws NetnsException {
        for (String name : NetworkNamespaces.list()) {
            Matcher m = OURS.matcher(name);
            if (m.matches() && !alive(Long.parseLong(m.group(1)))) {
                deleteIfPresent(name);
            }
        }
    }

    /** Deletes every named namespace whose name starts with this JVM's {@link #PREFIX}. */
    public static void deleteOwn() throws NetnsException {
        NetnsException first = null;
        for (String name : NetworkNamespaces.list()) {
            if (name.startsWith(PREFIX)) {
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

    /** Deletes a named namespace unless it is already gone. */
    public static void deleteIfPresent(String name) throws NetnsException {
        try {
            NetworkNamespaces.delete(name);
        } catch (NoSuchNamespaceException e) {
            // already removed (a pod network's own teardown got there first)
        }
    }

    private static void deleteOwnQuietly() {
        try {
            deleteOwn();
        } catch (NetnsException | RuntimeException e) {
            System.err.println("benchmark sandbox: could not delete every namespace of " + PREFIX + "*: " + e);
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
