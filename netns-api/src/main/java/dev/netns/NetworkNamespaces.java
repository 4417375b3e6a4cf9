package dev.netns;


import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Static entry point to network namespaces, in the manner of {@link java.nio.file.Files}.
 *
 * {@snippet :
 * try (NetworkNamespace ns = NetworkNamespaces.create("blue")) {   // ip netns add blue
 *     ns.run(() -> System.out.println(NetworkInterface.networkInterfaces().toList()));
 * } finally {
 *     NetworkNamespaces.delete("blue");                          // ip netns del blue
 * }
 * }
 *
 * <p>Names are file names under the netns run directory ({@code /run/netns}, or
 * {@code /var/run/netns} where only that exists, as iproute2 does): 1 to 255 bytes of UTF-8, not
 * {@code "."} or {@code ".."}, without {@code '/'} or NUL. A name breaking these rules is rejected
 * with {@link IllegalArgumentException} before any system call. No method accepts {@code null}.
 *
 * <p>The implementation is found with {@link java.util.ServiceLoader}: add {@code dev.netns:netns-linux}
 * to the runtime class path, and run the JVM with {@code --enable-native-access=ALL-UNNAMED}.
 */
public final class NetworkNamespaces {
    private NetworkNamespaces() {
    }

    /**
     * Creates a persistent named namespace, exactly like {@code ip netns add NAME}: a new namespace
     * bind-mounted at {@code /run/netns/NAME}, visible to {@code ip netns list} and {@code ip netns exec}.
     * Only loopback exists in it, down. The caller owns the name: it persists until
     * {@link #delete(String)}, also after this JVM exits.
     *
     * @throws NamespaceAlreadyExistsException if the name is taken
     * @throws NetnsPermissionException without CAP_SYS_ADMIN
     */
    public static NetworkNamespace create(String name) throws NetnsException {
        String checked = NamespaceNames.check(name);
        return Provider.get().create(checked);
    }

    /**
     * Creates an anonymous namespace: no name, no mount. It lives while the returned handle, a
     * process or thread inside it, an open socket of it or a bind mount references it; the kernel
     * frees it after that.
     */
    public static NetworkNamespace create() throws NetnsException {
        return Provider.get().createAnonymous();
    }

    /**
     * Opens an existing named namespace, including ones made by {@code ip netns add}. The name must
     * be the namespace file itself: a symbolic link planted under it is refused, not followed.
     *
     * @throws NoSuchNamespaceException if there is no such name
     * @throws NetnsException if the name is a link or not a network namespace file, or the run
     *                        directory is not owned by root or is writable by others (without sticky bit)
     */
    public static NetworkNamespace open(String name) throws NetnsException {
        String checked = NamespaceNames.check(name);
        return Provider.get().open(checked);
    }

    /**
     * Opens any network namespace file: {@code /proc/PID/ns/net}, {@code /proc/PID/task/TID/ns/net}
     * or a bind mount of one anywhere.
     *
     * @throws NoSuchNamespaceException if the file does not exist
     * @throws NetnsException if the file is not a network namespace (a regular file, another kind of namespace)
     */
    public static NetworkNamespace open(Path nsfsPath) throws NetnsException {
        return Provider.get().open(nsfsPath);
    }

    /**
     * Opens the network namespace of a running process, as {@code docker run --net=container:X}
     * joins another container's network.
     *
     * @throws NoSuchNamespaceException if no process has that pid
     */
    public static NetworkNamespace ofPid(long pid) throws NetnsException {
        if (pid <= 0) {
            throw new IllegalArgumentException("pid must be positive: " + pid);
        }
        return Provider.get().ofPid(pid);
    }

    /**
     * Opens the namespace the calling thread is in now: where a socket it opens now is created. For
     * a virtual thread that is its current carrier's namespace — the process's own, unless that
     * carrier was started from inside a namespace (see "Threads" in {@link NetworkNamespace}).
     */
    public static NetworkNamespace current() throws NetnsException {
        return Provider.get().current();
    }

    /** The names of the named namespaces, sorted, like {@code ip netns list}. Empty if the run directory does not exist. */
    public static List<String> list() throws NetnsException {
        return Provider.get().list();
    }

    /** Whether a named namespace of that name exists (a mounted nsfs file under the run directory). */
    public static boolean exists(String name) throws NetnsException {
        String checked = NamespaceNames.check(name);
        return Provider.get().exists(checked);
    }

    /**
     * Deletes a named namespace, like {@code ip netns del NAME}: unmounts and removes its file. The
     * namespace itself lives on while processes, handles or sockets still reference it. Only a
     * network namespace file is unmounted: a symbolic link, a directory or a mount of anything else
     * under the name is refused with {@link NetnsException} and left alone (a leftover empty file is
     * removed).
     *
     * @throws NoSuchNamespaceException if there is no such name
     */
    public static void delete(String name) throws NetnsException {
        String checked = NamespaceNames.check(name);
        Provider.get().delete(checked);
    }

    /**
     * The threads of this JVM that are inside a network namespace other than the process's own
     * (the namespace of its main thread), read from {@code /proc/self/task/*}{@code /ns/net}. A
     * non-empty answer after namespace work usually means a task started a thread from inside —
     * its own, a pool's, or one the JDK started on demand (a virtual-thread carrier, a
     * {@code ForkJoinPool.commonPool()} worker).
     */
    public static List<StrayThread> strayThreads() throws NetnsException {
        return Provider.get().strayThreads();
    }

    /**
     * Why this SDK cannot work here, as one sentence saying what to do (not Linux, native access not
     * enabled, a capability missing, no implementation on the class path); empty when it can.
     */
    public static Optional<String> unavailableReason() {
        try {
            return Provider.get().unavailableReason();
        } catch (IllegalStateException | java.util.ServiceConfigurationError e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * Returns {@code name} if it is a valid namespace name (see the class documentation).
     *
     * @throws IllegalArgumentException naming the rule broken
     */
    public static String checkName(String name) {
        return NamespaceNames.check(name);
    }

    /** The directory named namespaces live in ({@code /run/netns} or {@code /var/run/netns}). */
    public static Path runDirectory() {
        return Provider.get().runDirectory();
    }
}
