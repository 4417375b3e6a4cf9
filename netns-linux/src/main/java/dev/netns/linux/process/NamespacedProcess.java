package dev.netns.linux.process;

import dev.netns.linux.ffi.Errno;
import dev.netns.linux.ffi.ErrnoException;
import dev.netns.linux.ffi.LibC;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A child started by {@link ChildSpawner}: a {@link Process} with the JDK's behaviour on Linux, but
 * none of the JDK's process machinery, so no JDK thread is ever created on a thread inside a
 * namespace.
 *
 * <p>Its exit is awaited by a {@link ProcessWaiters} thread in two steps: {@code waitid} with
 * {@code WNOWAIT} blocks until the child is a zombie, then, under this object's monitor, the child is
 * reaped and its status published. {@link #destroy()} signals under the same monitor and only while
 * not yet exited, so a signal can never reach a recycled pid; and once {@link #waitFor()} returns,
 * the process is gone from {@code /proc}, as with the JDK's.
 *
 * <p>Exit values are the JDK's: the status passed to {@code exit}, or 128 plus the signal number
 * for a child ended by a signal (137 for SIGKILL).
 */
final class NamespacedProcess extends Process {
    private final int pid;
    private final ProcessHandle handle;
    private final OutputStream stdin;
    private final InputStream stdout;
    private final InputStream stderr;
    private final CompletableFuture<Process> exit = new CompletableFuture<>();
    private boolean exited;   // guarded by this
    private int exitValue;    // guarded by this

    private NamespacedProcess(int pid, OutputStream stdin, InputStream stdout, InputStream stderr) {
        this.pid = pid;
        this.handle = ProcessHandle.of(pid).orElse(null);
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Wraps a freshly spawned child and starts awaiting its exit. If its streams cannot be made, the
     * child is killed (and still reaped) and the failure thrown.
     */
    static NamespacedProcess adopt(ChildSpawner.Spawned child, ChildSpawner.Request request) throws IOException {
        int[] fds = {child.stdin(), child.stdout(), child.stderr()};
        OutputStream in = ProcessPipes.NullOutput.INSTANCE;
        InputStream out = ProcessPipes.NullInput.INSTANCE;
        InputStream err = ProcessPipes.NullInput.INSTANCE;
        IOException failure = null;
        try {
            if (fds[0] >= 0) {
                in = ProcessPipes.output(fds[0]);
            }
            if (fds[1] >= 0) {
                out = ProcessPipes.input(fds[1]);
            }
            if (fds[2] >= 0) {
                err = ProcessPipes.input(fds[2]);
            }
        } catch (IOException e) {
            failure = e;
        } finally {
            for (int fd : fds) {
                if (fd >= 0) {
                    ChildSpawner.closeQuietly(fd);
                }
            }
        }
        NamespacedProcess p = new NamespacedProcess(child.pid(), in, out, err);
        if (failure != null) {
            p.destroyForcibly();
        }
        ProcessWaiters.submit(p::awaitExit);
        if (failure != null) {
            throw new IOException(request.cannotRun() + ": cannot open its pipes: " + failure.getMessage(), failure);
        }
        return p;
    }

    /** Runs on a waiter thread for the child's whole life. */
    private void awaitExit() {
        waitFor(LibC.WEXITED | LibC.WNOWAIT); // blocks until the exit, leaves a zombie
        synchronized (this) {
            // reaping a zombie does not block; under the monitor, so no destroy() can slip in
            // between the reap (after which the pid may be reused) and the news of it
            exitValue = waitFor(LibC.WEXITED);
            exited = true;
            notifyAll();
        }
        exit.complete(this);
        // after onExit, as in the JDK: a grandchild that still holds a pipe can keep a reader (and
        // so this drain) waiting, which must not hold back the news of the exit
        if (stdout instanceof ProcessPipes.PipeInput p) {
            p.processExited();
        }
        if (stderr instanceof ProcessPipes.PipeInput p) {
            p.processExited();
        }
        if (stdin instanceof ProcessPipes.PipeOutput p) {
            p.processExited();
        }
    }

    /** {@code waitid} for this child, retried on EINTR; 0 if it was reaped elsewhere (ECHILD), as the JDK says. */
    private int waitFor(int options) {
        while (true) {
            try {
                LibC.ChildExit e = LibC.waitid(LibC.P_PID, pid, options);
                return e.code() == LibC.CLD_EXITED ? e.status() : 0x80 + e.status();
            } catch (ErrnoException e) {
                if (e.errno() == Errno.EINTR) {
                    continue;
                }
                return e.errno() == Errno.ECHILD ? 0 : -1;
            }
        }
    }

    @Override
    public OutputStream getOutputStream() {
        return stdin;
    }

    @Override
    public InputStream getInputStream() {
        return stdout;
    }

    @Override
    public InputStream getErrorStream() {
        return stderr;
    }

    @Override
    public synchronized int waitFor() throws InterruptedException {
        while (!exited) {
            wait();
        }
        return exitValue;
    }

    @Override
    public synchronized boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        long remaining = unit.toNanos(timeout);
        long deadline = System.nanoTime() + remaining;
        while (!exited && remaining > 0) {
            TimeUnit.NANOSECONDS.timedWait(this, remaining);
            remaining = deadline - System.nanoTime();
        }
        return exited;
    }

    @Override
    public synchronized int exitValue() {
        if (!exited) {
            throw new IllegalThreadStateException("process hasn't exited");
        }
        return exitValue;
    }

    @Override
    public synchronized boolean isAlive() {
        return !exited;
    }

    /** SIGTERM, then closes the streams, as the JDK does. */
    @Override
    public void destroy() {
        terminate(LibC.SIGTERM);
    }

    /** SIGKILL, then closes the streams, as the JDK does. */
    @Override
    public Process destroyForcibly() {
        terminate(LibC.SIGKILL);
        return this;
    }

    private void terminate(int signal) {
        synchronized (this) {
            if (!exited) {
                try {
                    LibC.kill(pid, signal);
                } catch (ErrnoException ignored) {
                    // not yet reaped, so it exists; nothing else can go wrong for our own child
                }
            }
        }
        closeQuietly(stdin);
        closeQuietly(stdout);
        closeQuietly(stderr);
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // a pipe to a dying child: nothing to report
        }
    }

    @Override
    public boolean supportsNormalTermination() {
        return true;
    }

    @Override
    public long pid() {
        return pid;
    }

    /**
     * Completes once the child has exited and been reaped; each call returns a new future. Stages
     * that are not {@code Async} run on the waiter thread, in the JVM's own namespace.
     */
    @Override
    public CompletableFuture<Process> onExit() {
        return exit.copy();
    }

    /**
     * @throws IllegalStateException if the child had already ended before it could be looked up
     *                               (the JDK has no handle for a process that is gone either)
     */
    @Override
    public ProcessHandle toHandle() {
        if (handle == null) {
            throw new IllegalStateException("process " + pid + " had already exited when it was started");
        }
        return handle;
    }

    @Override
    public synchronized String toString() {
        return "NamespacedProcess[pid=" + pid + ", exitValue=" + (exited ? exitValue : "\"not exited\"") + "]";
    }
}
