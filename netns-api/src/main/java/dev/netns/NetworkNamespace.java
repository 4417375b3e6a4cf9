package dev.netns;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * A handle to one Linux network namespace: an open nsfs file descriptor that keeps the namespace
 * alive while the handle is open.
 *
 * <p>Handles come from {@link NetworkNamespaces}: {@code create(name)} makes a persistent named
 * namespace exactly like {@code ip netns add NAME}; {@code create()} an anonymous one that lives
 * while something references it; {@code open}, {@code ofPid} and {@code current} attach to
 * namespaces that already exist. Closing a handle releases only the handle; it never deletes a
 * named namespace ({@link #delete()} does).
 *
 * {@snippet :
 * try (NetworkNamespace pod = NetworkNamespaces.create("mypod")) {
 *     pod.links().setUp("lo");
 *     try (ServerSocket server = pod.call(() -> new ServerSocket(8080))) {
 *         // the socket belongs to "mypod" for its whole life, whichever thread uses it
 *     }
 *     pod.delete();
 * }
 * }
 *
 * <h2>Threads</h2>
 * A network namespace is a property of an OS thread. {@link #run} and {@link #call} put the task's
 * thread into this namespace for the duration of the task and always put it back afterwards,
 * whatever the task does or throws:
 * <ul>
 *   <li>on a platform thread the task runs in place, on the caller's own thread (thread locals,
 *       context class loader and stack traces stay the caller's); the thread enters the namespace
 *       with {@code setns} and returns with {@code setns};</li>
 *   <li>on a virtual thread the task is handed to a platform worker thread of the library and the
 *       virtual thread waits; its carrier thread never changes namespace.</li>
 * </ul>
 * <p>Cost, measured on Linux 6.18 (see {@code benchmarks/README.md}): in place, about 4 µs — two
 * {@code setns} calls (2.2 µs) and finding out where the thread is so it can always return (one
 * ioctl on the thread's own pidfd, Linux 6.11+; a {@code /proc/thread-self} lookup, about 2.5 µs more,
 * on older kernels). From a virtual thread add two thread hand-offs, tens of microseconds on a busy
 * machine. Entering once and doing several things inside is cheaper than many small tasks.
 *
 * <p>If the thread cannot be put back (which needs a kernel failure of {@code setns} on a namespace
 * the library holds open), the library never lets that thread run namespace code again: a worker
 * thread ends, and a caller's platform thread gets {@link IllegalStateException} from every later
 * {@code run}/{@code call}.
 *
 * <p><b>Threads and processes started from inside a namespace start inside it</b> (measured on the
 * kernel this library targets): a task that lazily starts a thread pool, an HTTP client's selector
 * or {@code ForkJoinPool.commonPool()} workers leaves those threads in this namespace for good.
 * Start such machinery before entering, or from outside; {@link NetworkNamespaces#strayThreads()}
 * lists threads of this JVM that sit in a namespace other than the process's own.
 *
 * <p>Sockets opened inside a task stay in this namespace for their whole life and may be used from
 * any thread afterwards. Handles are thread-safe. Methods of this type throw
 * {@link IllegalStateException} after {@link #close()} and never accept {@code null}.
 */
public interface NetworkNamespace extends AutoCloseable {

    /** The name under the netns run directory ({@code /run/netns}), empty for an anonymous namespace. */
    Optional<String> name();

    /**
     * The file this handle was opened from: {@code /run/netns/NAME} for a named namespace,
     * {@code /proc/PID/ns/net} or the nsfs file passed to {@link NetworkNamespaces#open(Path)};
     * for an anonymous namespace, the {@code /proc/self/fd/N} path of the handle's descriptor,
     * which is valid only while the handle is open.
     */
    Path path();

    /** The namespace's identity (nsfs device and inode); equal ids mean the same namespace. */
    NamespaceId id();

    /**
     * Runs {@code task} with this namespace as the thread's network namespace (see the class
     * documentation for which thread). Exceptions of the task are rethrown unchanged.
     *
     * <p>Equivalent to {@code ip netns exec NAME ...} for Java code.
     *
     * @throws X                the task's own exception, unchanged
     * @throws NetnsException    when the thread could not enter the namespace (the task did not run)
     * @throws IllegalStateException after {@link #close()}, or on a thread stranded by a failed restore
     */
    <X extends Exception> void run(NamespaceTask<X> task) throws X, NetnsException;

    /**
     * Like {@link #run} but returns the task's value.
     *
     * @throws X                the task's own exception, unchanged
     * @throws NetnsException    when the thread could not enter the namespace (the task did not run)
     */
    <T, X extends Exception> T call(NamespaceCallable<T, X> task) throws X, NetnsException;

    /**
     * Starts a process inside this namespace, as {@code ip netns exec NAME cmd...} does: the child's
     * {@code /proc/PID/ns/net} is this namespace. Every setting of {@code builder} is honoured as
     * {@link ProcessBuilder#start()} honours it: command and {@code PATH} lookup, directory,
     * environment, every kind of redirect, {@code redirectErrorStream}.
     *
     * <p>Like {@code ip netns exec}, the child also gets a private mount namespace in which a fresh
     * sysfs is mounted over {@code /sys}, so {@code /sys/class/net} lists this namespace's own
     * interfaces (without the privilege to mount, it keeps the parent's {@code /sys}). Files of
     * {@code /etc/netns/NAME/} are not bind-mounted over {@code /etc}.
     *
     * <p>The returned {@link Process} is the library's own, not the JDK's: the child is spawned with
     * {@code posix_spawn} from a single-use thread inside the namespace and awaited by a
     * "netns-process-waiter" thread in the JVM's own namespace, so no JVM thread is ever left inside
     * (the JDK's process-reaper threads would be born there). Processes the child starts are inside
     * this namespace too.
     *
     * @throws IOException as {@link ProcessBuilder#start()} does (the message names the program and
     *                     the errno), or {@link NetnsException} when the namespace could not be entered
     */
    Process start(ProcessBuilder builder) throws IOException;

    /** The network interfaces of this namespace (rtnetlink, bound to this namespace for life). */
    Links links();

    /** The IP addresses of this namespace's interfaces. */
    Addresses addresses();

    /** The routes of this namespace's main routing table. */
    Routes routes();

    /** The neighbour tables of this namespace: IP neighbours ({@code ip neigh}) and forwarding entries ({@code bridge fdb}). */
    Neighbors neighbors();

    /**
     * Watches this namespace: the objects of {@code kinds} that exist, then every change to them, as
     * a {@link java.util.concurrent.Flow.Publisher}. Equivalent to {@code ip -n NAME monitor}
     * preceded by the matching {@code show} commands, without a gap between the two. The watch has a
     * socket of its own inside this namespace and a reader thread; it ends with {@link NetworkWatch#close()}
     * or when this handle is closed. Each subscriber buffers up to
     * {@link NetworkWatch#DEFAULT_BUFFER_SIZE} changes.
     *
     * @param kinds what to report; not empty
     * @throws NetnsException when the socket cannot be opened or the first snapshot cannot be read
     * @throws IllegalArgumentException if {@code kinds} is empty
     */
    default NetworkWatch watch(Set<NetworkEvent.Kind> kinds) throws NetnsException {
        return watch(kinds, NetworkWatch.DEFAULT_BUFFER_SIZE);
    }

    /**
     * As {@link #watch(Set)}, with the number of changes each subscriber may fall behind before it
     * gets {@link NetworkEvent.Overrun} and a fresh snapshot instead.
     *
     * @param bufferSize buffered changes per subscriber, at least 1
     */
    NetworkWatch watch(Set<NetworkEvent.Kind> kinds, int bufferSize) throws NetnsException;

    /**
     * Deletes this named namespace, as {@code ip netns del NAME} does, then closes this handle. The
     * namespace itself lives on while other handles, processes or mounts still reference it.
     *
     * @throws IllegalStateException if the namespace has no name, or after {@link #close()}
     * @throws NoSuchNamespaceException if the name was already deleted
     */
    void delete() throws NetnsException;

    /** Whether {@link #close()} has been called. */
    boolean isClosed();

    /**
     * Releases this handle (its file descriptor and netlink socket) and ends its watches. Idempotent; never
     * deletes the namespace.
     */
    @Override
    void close();
}
