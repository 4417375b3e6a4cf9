package dev.netns.linux.ns;

import dev.netns.NamespaceId;
import dev.netns.NetnsException;
import dev.netns.NetworkNamespace;
import dev.netns.StrayThread;
import dev.netns.linux.ffi.Failures;
import dev.netns.linux.ffi.Failures.Subject;
import dev.netns.linux.ffi.Errno;
import dev.netns.linux.ffi.ErrnoException;
import dev.netns.linux.ffi.LibC;
import dev.netns.linux.nsfs.HomeNamespace;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Creating, opening, listing and deleting network namespaces: the operations behind
 * {@link dev.netns.NetworkNamespaces}. Names arrive checked by the API.
 */
public final class NamespaceManager {
    private final RunDirectory runDirectory;

    public NamespaceManager(RunDirectory runDirectory) {
        this.runDirectory = runDirectory;
    }

    public RunDirectory runDirectory() {
        return runDirectory;
    }

    /** {@code ip netns add NAME}. */
    public LinuxNetworkNamespace create(String name) throws NetnsException {
        int fd = runDirectory.create(name);
        try {
            return new LinuxNetworkNamespace(fd, name, runDirectory.file(name), this);
        } catch (NetnsException | RuntimeException e) {
            try {
                runDirectory.delete(name);
            } catch (NetnsException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** A new namespace referenced only by the returned handle. */
    public LinuxNetworkNamespace createAnonymous() throws NetnsException {
        int fd = ThreadSwitch.restoring("(anonymous)", () -> {
            try {
                LibC.unshare(LibC.CLONE_NEWNET);
                return LibC.open("/proc/thread-self/ns/net", LibC.O_RDONLY, 0);
            } catch (ErrnoException e) {
                throw Failures.of(e, Subject.NAMESPACE, "(anonymous)");
            }
        });
        return new LinuxNetworkNamespace(fd, null, Path.of("/proc/self/fd/" + fd), this);
    }

    public LinuxNetworkNamespace open(String name) throws NetnsException {
        Path file = runDirectory.file(name);
        int fd;
        try {
            fd = NsFile.openNetns(file.toString(), name);
        } catch (NetnsException e) {
            if (e.errno() == Errno.ENOENT) {
                throw Failures.of("open", name + " (no " + file + ")", e.errno(), null, Subject.NAMESPACE);
            }
            throw e;
        }
        return new LinuxNetworkNamespace(fd, name, file, this);
    }

    public LinuxNetworkNamespace open(Path nsfsPath) throws NetnsException {
        String p = nsfsPath.toString();
        return new LinuxNetworkNamespace(NsFile.openNetns(p, p), null, nsfsPath, this);
    }

    public LinuxNetworkNamespace ofPid(long pid) throws NetnsException {
        Path p = Path.of("/proc", Long.toString(pid), "ns", "net");
        try {
            return new LinuxNetworkNamespace(NsFile.openNetns(p.toString(), "pid " + pid), null, p, this);
        } catch (NetnsException e) {
            if (e.errno() == Errno.ENOENT || e.errno() == Errno.ESRCH) {
                throw Failures.of("open", "pid " + pid + " (no such process, or it has exited)", Errno.ESRCH, null,
                        Subject.NAMESPACE);
            }
            throw e;
        }
    }

    /** The calling thread's namespace (for a virtual thread, its carrier's, which is always the process's own). */
    public LinuxNetworkNamespace current() throws NetnsException {
        String p = "/proc/thread-self/ns/net";
        int fd = NsFile.openNetns(p, "current");
        return new LinuxNetworkNamespace(fd, null, Path.of("/proc", Long.toString(ProcessHandle.current().pid()), "task",
                Integer.toString(LibC.gettid()), "ns", "net"), this);
    }

    public List<String> list() throws NetnsException {
        return runDirectory.list();
    }

    public boolean exists(String name) throws NetnsException {
        return runDirectory.exists(name);
    }

    public void delete(String name) throws NetnsException {
        runDirectory.delete(name);
    }

    /** Threads of this process in a network namespace other than the process's own. */
    public List<StrayThread> strayThreads() throws NetnsException {
        NamespaceId home = HomeNamespace.id();
        List<StrayThread> strays = new ArrayList<>();
        Path tasks = Path.of("/proc/self/task");
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tasks)) {
            for (Path task : entries) {
                NamespaceId id;
                try {
                    LibC.FileId f = LibC.stat(task.resolve("ns/net").toString());
                    id = new NamespaceId(f.device(), f.inode());
                } catch (ErrnoException e) {
                    continue; // the thread ended while we looked
                }
                if (!id.equals(home)) {
                    String comm;
                    try {
                        comm = Files.readString(task.resolve("comm")).strip();
                    } catch (IOException e) {
                        comm = "?";
                    }
                    strays.add(new StrayThread(Long.parseLong(task.getFileName().toString()), comm, id));
                }
            }
        } catch (IOException e) {
            throw new NetnsException("list", tasks.toString(), "cannot read the threads: " + e.getMessage(), e);
        }
        return strays;
    }

    /** The namespace of the process itself (its main thread's). */
    public static NamespaceId homeId() {
        return HomeNamespace.id();
    }

    static LinuxNetworkNamespace cast(NetworkNamespace ns) {
        if (ns instanceof LinuxNetworkNamespace l) {
            return l;
        }
        throw new IllegalArgumentException("not a handle of the netns-linux provider: " + ns);
    }
}
