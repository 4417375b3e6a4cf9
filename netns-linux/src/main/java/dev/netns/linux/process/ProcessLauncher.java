package dev.netns.linux.process;

import dev.netns.linux.ffi.Failures;
import dev.netns.linux.ffi.Failures.Subject;
import dev.netns.linux.ffi.ErrnoException;
import dev.netns.linux.ffi.LibC;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Starts processes inside a namespace, as {@code ip netns exec} does.
 *
 * <p>A child inherits the namespaces of the thread that forks it, so the fork happens on a fresh,
 * single-use platform thread that first joins the target network namespace and then, like
 * {@code ip netns exec}, gives itself a private mount namespace (propagation to the parent cut
 * with {@code MS_SLAVE}) with a new sysfs over {@code /sys}: a sysfs shows the network devices of
 * the namespace of whoever mounts it, so the child's {@code /sys/class/net} lists the namespace's
 * own interfaces. The thread ends after the fork, so nothing else ever runs with those namespaces.
 * Without the privilege to mount, the child still runs in the network namespace, with the
 * parent's {@code /sys} (logged at DEBUG).
 *
 * <p>The fork is {@link ChildSpawner}'s {@code posix_spawn}, not {@code ProcessBuilder.start()}:
 * the JDK would create its "process reaper" thread on this thread, inside the namespace, where it
 * would stay. The child is a {@link NamespacedProcess}, awaited by a thread in the JVM's own
 * namespace.
 */
public final class ProcessLauncher {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessLauncher.class);

    private ProcessLauncher() {
    }

    public static Process start(int fd, String label, ProcessBuilder builder) throws IOException {
        ChildSpawner.Request request = ChildSpawner.Request.of(builder);
        AtomicReference<ChildSpawner.Spawned> spawned = new AtomicReference<>();
        AtomicInteger tid = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread launcher = Thread.ofPlatform().name("netns-launcher").unstarted(() -> {
            tid.set(LibC.gettid());
            try {
                LibC.setns(fd, LibC.CLONE_NEWNET);
            } catch (ErrnoException e) {
                failure.set(Failures.of(e, Subject.NAMESPACE, label));
                return;
            }
            ownSysfs(label);
            try {
                spawned.set(ChildSpawner.spawn(request));
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        launcher.start();
        boolean interrupted = false;
        while (true) {
            try {
                launcher.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the fork is short; finish it so no child is orphaned unseen
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        awaitOsThreadExit(tid.get());
        Throwable t = failure.get();
        if (t instanceof IOException io) {
            throw io;
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return NamespacedProcess.adopt(spawned.get(), request);
    }

    /**
     * {@code join} returns when the Java thread is done, a moment before the OS thread is gone; wait
     * (at most a second) until it has left /proc, so no caller ever sees it as a stray thread.
     */
    private static void awaitOsThreadExit(int tid) {
        if (tid == 0) {
            return;
        }
        Path task = Path.of("/proc/self/task", Integer.toString(tid));
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (Files.exists(task) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(50_000);
        }
    }

    /** Private mount namespace with this network namespace's sysfs over /sys; best effort. */
    private static void ownSysfs(String label) {
        try {
            LibC.unshare(LibC.CLONE_NEWNS);
            LibC.mount("none", "/", null, LibC.MS_SLAVE | LibC.MS_REC);
        } catch (ErrnoException e) {
            LOG.debug("process in {} keeps the parent's /sys: {}", label, e.getMessage());
            return;
        }
        try {
            // mounted over the old one rather than replacing it: if this fails, /sys is still there
            LibC.mount("sysfs", "/sys", "sysfs", LibC.MS_NOSUID | LibC.MS_NODEV | LibC.MS_NOEXEC);
        } catch (ErrnoException e) {
            LOG.debug("process in {} keeps the parent's /sys: {}", label, e.getMessage());
        }
    }
}
