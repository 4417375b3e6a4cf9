package dev.netns.linux.process;

import dev.netns.linux.ffi.Errno;
import dev.netns.linux.ffi.ErrnoException;
import dev.netns.linux.ffi.LibC;
import dev.netns.linux.ffi.Spawn;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Spawns one child with glibc's {@code posix_spawn}, on the calling thread, so that the child gets
 * that thread's namespaces; honours a {@link ProcessBuilder}'s settings the way the JDK does on Linux.
 *
 * <p>Why not {@code ProcessBuilder.start()}: the JDK hands every new process to its "process reaper"
 * pool, and when no reaper is idle the pool creates one on the thread that forked, which for us is
 * inside the namespace; that thread would stay there. Here nothing but the child is created.
 *
 * <p>What is mirrored from the JDK ({@code ProcessImpl} and {@code childproc.c}):
 * <ul>
 *   <li>a program without '/' is searched on the <em>JVM's</em> {@code PATH} (not the child's
 *       environment), {@code ":/bin:/usr/bin"} when it has none, an empty entry meaning the child's
 *       working directory; EACCES is remembered while the search goes on, ENOENT-like errors just
 *       move on, anything else stops it;</li>
 *   <li>a file that is not a valid executable (ENOEXEC) is run by {@code /bin/sh};</li>
 *   <li>redirect files are opened here, in the parent, with mode 0666 less the umask, so a failure
 *       names the file; only the three standard descriptors survive into the child;</li>
 *   <li>strings are encoded with the JVM's native encoding ({@code sun.jnu.encoding}).</li>
 * </ul>
 * In addition the child starts with an empty signal mask and every signal at its default action,
 * so an ignored SIGPIPE or SIGINT of the JVM does not leak into it.
 */
final class ChildSpawner {
    private static final Charset NATIVE = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"),
            StandardCharsets.UTF_8);
    private static final String DEFAULT_PATH = ":/bin:/usr/bin";

    private ChildSpawner() {
    }

    /** A builder's settings, read on the caller's thread (a ProcessBuilder is not thread-safe). */
    record Request(List<String> command, Map<String, String> environment, File directory,
                   ProcessBuilder.Redirect in, ProcessBuilder.Redirect out, ProcessBuilder.Redirect err,
                   boolean mergeErrors) {

        /**
         * @throws NullPointerException      if the command holds {@code null}, as {@code ProcessBuilder.start()}
         * @throws IndexOutOfBoundsException if the command is empty, as {@code ProcessBuilder.start()}
         * @throws IOException               if an argument holds a NUL character
         */
        static Request of(ProcessBuilder builder) throws IOException {
            List<String> command = List.copyOf(builder.command());
            if (command.isEmpty()) {
                throw new IndexOutOfBoundsException("the command is empty: ProcessBuilder.command() names no program");
            }
            for (String arg : command) {
                if (arg.indexOf('\0') >= 0) {
                    throw new IOException("invalid null character in command");
                }
            }
            return new Request(command, Map.copyOf(builder.environment()), builder.directory(),
                    builder.redirectInput(), builder.redirectOutput(), builder.redirectError(), builder.redirectErrorStream());
        }

        /** As the JDK words it: {@code Cannot run program "x" (in directory "d")}. */
        String cannotRun() {
            return "Cannot run program \"" + command.getFirst() + "\""
                    + (directory == null ? "" : " (in directory \"" + directory + "\")");
        }
    }

    /** A started child and the parent's ends of its pipes; -1 where a stream is not a pipe. */
    record Spawned(int pid, int stdin, int stdout, int stderr) {
    }

    /**
     * Starts the child; on failure closes everything it opened and throws an IOException worded as
     * the JDK's ({@code Cannot run program "x": Exec failed, error: 2 (No such file or directory)}).
     */
    static Spawned spawn(Request request) throws IOException {
        List<Integer> opened = new ArrayList<>();
        int[] child = {-1, -1, -1};
        int[] parent = {-1, -1, -1};
        try (Arena arena = Arena.ofConfined()) {
            stdio(request, opened, child, parent);
            MemorySegment actions = Spawn.allocateStruct(arena);
            MemorySegment attr = Spawn.allocateStruct(arena);
            Spawn.posix_spawn_file_actions_init(actions);
            try {
                Spawn.posix_spawnattr_init(attr);
                try {
                    fileActions(request, arena, actions, child);
                    signalDefaults(arena, attr);
                    int pid = search(request, arena, actions, attr);
                    for (int i = 0; i < 3; i++) {
                        if (child[i] >= 0) {
                            closeQuietly(child[i]);
                        }
                    }
                    opened.clear(); // the parent's ends now belong to the process
                    return new Spawned(pid, parent[0], parent[1], parent[2]);
                } finally {
                    Spawn.posix_spawnattr_destroy(attr);
                }
            } finally {
                Spawn.posix_spawn_file_actions_destroy(actions);
            }
        } catch (ErrnoException e) {
            throw new IOException(request.cannotRun() + ": " + execFailed(e.errno()), new IOException(execFailed(e.errno()), e));
        } catch (IOException e) {
            throw new IOException(request.cannotRun() + ": " + e.getMessage(), e);
        } finally {
            for (int fd : opened) {
                closeQuietly(fd);
            }
        }
    }

    private static String execFailed(int errno) {
        return "Exec failed, error: " + errno + " (" + Errno.description(errno) + ")";
    }

    /** Pipes and redirect files: {@code child[i]} becomes descriptor i in the child, {@code parent[i]} is our pipe end. */
    private static void stdio(Request r, List<Integer> opened, int[] child, int[] parent) throws IOException, ErrnoException {
        ProcessBuilder.Redirect[] redirects = {r.in(), r.out(), r.err()};
        for (int i = 0; i < 3; i++) {
            if (i == 2 && r.mergeErrors()) {
                break; // stderr is dup'd from stdout in the child
            }
            ProcessBuilder.Redirect redirect = redirects[i];
            switch (redirect.type()) {
                case PIPE -> {
                    int[] pipe = LibC.pipe2(LibC.O_CLOEXEC);
                    opened.add(pipe[0]);
                    opened.add(pipe[1]);
                    int readEnd = aboveStdio(pipe[0], opened);
                    int writeEnd = aboveStdio(pipe[1], opened);
                    child[i] = i == 0 ? readEnd : writeEnd;
                    parent[i] = i == 0 ? writeEnd : readEnd;
                }
                case INHERIT -> {
                    // the child keeps the JVM's own descriptor i
                }
                case READ -> child[i] = openRedirect(redirect.file(), LibC.O_RDONLY, opened);
                case WRITE -> child[i] = openRedirect(redirect.file(), LibC.O_WRONLY | LibC.O_CREAT | LibC.O_TRUNC, opened);
                case APPEND -> child[i] = openRedirect(redirect.file(), LibC.O_WRONLY | LibC.O_CREAT | LibC.O_APPEND, opened);
            }
        }
    }

    /**
     * A descriptor below 3 (the JVM's own stdin, stdout or stderr was closed) would be overwritten
     * by the child's dup2 of another stream before its own turn; move it up.
     */
    private static int aboveStdio(int fd, List<Integer> opened) throws ErrnoException {
        if (fd >= 3) {
            return fd;
        }
        int moved = LibC.fcntl(fd, LibC.F_DUPFD_CLOEXEC, 3);
        opened.add(moved);
        opened.remove(Integer.valueOf(fd));
        LibC.close(fd);
        return moved;
    }

    private static int openRedirect(File file, int flags, List<Integer> opened) throws IOException, ErrnoException {
        String path = file.getPath();
        if (path.indexOf('\0') >= 0) {
            throw new FileNotFoundException("Invalid file path");
        }
        int fd;
        try (Arena arena = Arena.ofConfined()) {
            fd = LibC.open(arena.allocateFrom(path, NATIVE), flags, 0666);
        } catch (ErrnoException e) {
            throw new FileNotFoundException(path + " (" + Errno.description(e.errno()) + ")");
        }
        opened.add(fd);
        return aboveStdio(fd, opened);
    }

    private static void fileActions(Request r, Arena arena, MemorySegment actions, int[] child)
            throws IOException, ErrnoException {
        for (int i = 0; i < 3; i++) {
            if (child[i] >= 0) {
                Spawn.posix_spawn_file_actions_adddup2(actions, child[i], i); // dup2 clears close-on-exec
            }
        }
        if (r.mergeErrors()) {
            Spawn.posix_spawn_file_actions_adddup2(actions, 1, 2);
        }
        closeTheRest(actions);
        if (r.directory() != null) {
            if (!Spawn.hasSpawnChdir()) {
                throw new IOException("ProcessBuilder.directory needs posix_spawn_file_actions_addchdir_np (glibc 2.29 or newer)");
            }
            String dir = r.directory().toString();
            if (dir.indexOf('\0') >= 0) {
                throw new IOException("invalid null character in directory");
            }
            Spawn.posix_spawn_file_actions_addchdir_np(actions, arena.allocateFrom(dir, NATIVE));
        }
    }

    /**
     * Only 0, 1 and 2 may reach the program: the JDK opens its files without close-on-exec, so they
     * must be closed in the child, as the JDK's own launcher does. Before glibc 2.34 the open
     * descriptors are listed now instead (one opened in between by another thread may slip through).
     */
    private static void closeTheRest(MemorySegment actions) throws IOException, ErrnoException {
        if (Spawn.hasSpawnClosefrom()) {
            Spawn.posix_spawn_file_actions_addclosefrom_np(actions, 3);
            return;
        }
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                int n = Integer.parseInt(fd.getFileName().toString());
                if (n >= 3) {
                    Spawn.posix_spawn_file_actions_addclose(actions, n); // glibc ignores EBADF for it
                }
            }
        }
    }

    private static void signalDefaults(Arena arena, MemorySegment attr) throws ErrnoException {
        MemorySegment none = Spawn.allocateSigset(arena);
        MemorySegment all = Spawn.allocateSigset(arena);
        Spawn.sigemptyset(none);
        Spawn.sigfillset(all);
        Spawn.posix_spawnattr_setsigmask(attr, none);
        Spawn.posix_spawnattr_setsigdefault(attr, all);
        Spawn.posix_spawnattr_setflags(attr, (short) (Spawn.POSIX_SPAWN_SETSIGMASK | Spawn.POSIX_SPAWN_SETSIGDEF));
    }

    /** Tries each candidate file in turn, as the JDK's {@code JDK_execvpe}; returns the pid. */
    private static int search(Request r, Arena arena, MemorySegment actions, MemorySegment attr) throws ErrnoException {
        String program = r.command().getFirst();
        if (program.isEmpty()) {
            throw new ErrnoException("posix_spawn", Errno.ENOENT);
        }
        MemorySegment envp = strings(arena, r.environment().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList());
        if (program.indexOf('/') >= 0) {
            return spawnOrShell(arena, program, r.command(), actions, attr, envp);
        }
        String path = System.getenv("PATH");
        int sticky = 0;
        int last = Errno.ENOENT;
        for (String dir : (path == null ? DEFAULT_PATH : path).split(":", -1)) {
            String base = dir.isEmpty() ? "." : dir;
            String candidate = base.endsWith("/") ? base + program : base + "/" + program;
            if (!mayExist(candidate, r.directory())) {
                continue; // what exec would say (ENOENT), without a clone to hear it
            }
            try {
                return spawnOrShell(arena, candidate, r.command(), actions, attr, envp);
            } catch (ErrnoException e) {
                switch (e.errno()) {
                    case Errno.EACCES -> sticky = e.errno();
                    case Errno.ENOENT, Errno.ENOTDIR, Errno.ELOOP, Errno.ESTALE, Errno.ENODEV, Errno.ETIMEDOUT -> last = e.errno();
                    default -> throw e;
                }
            }
        }
        throw new ErrnoException("posix_spawn", sticky != 0 ? sticky : last);
    }

    /** Relative candidates are found from the child's directory, where exec will look for them. */
    private static boolean mayExist(String candidate, File directory) {
        File f = new File(candidate);
        return (f.isAbsolute() || directory == null ? f : new File(directory, candidate)).exists();
    }

    private static int spawnOrShell(Arena arena, String file, List<String> command, MemorySegment actions,
                                    MemorySegment attr, MemorySegment envp) throws ErrnoException {
        try {
            return Spawn.posix_spawn(arena.allocateFrom(file, NATIVE), actions, attr, strings(arena, command), envp);
        } catch (ErrnoException e) {
            if (e.errno() != Errno.ENOEXEC) {
                throw e;
            }
            // no #! line and no ELF: the traditional answer, also the JDK's, is a shell script
            List<String> shell = new ArrayList<>(List.of("/bin/sh", file));
            shell.addAll(command.subList(1, command.size()));
            try {
                return Spawn.posix_spawn(arena.allocateFrom("/bin/sh", NATIVE), actions, attr, strings(arena, shell), envp);
            } catch (ErrnoException ignored) {
                throw e;
            }
        }
    }

    /** A NULL-terminated {@code char *[]}. */
    private static MemorySegment strings(Arena arena, List<String> values) {
        MemorySegment array = arena.allocate(ValueLayout.ADDRESS, values.size() + 1L);
        for (int i = 0; i < values.size(); i++) {
            array.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(values.get(i), NATIVE));
        }
        array.setAtIndex(ValueLayout.ADDRESS, values.size(), MemorySegment.NULL);
        return array;
    }

    static void closeQuietly(int fd) {
        try {
            LibC.close(fd);
        } catch (ErrnoException ignored) {
            // nothing useful to do with a failed close of our own descriptor
        }
    }
}
