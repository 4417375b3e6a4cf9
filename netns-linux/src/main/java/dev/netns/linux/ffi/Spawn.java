package dev.netns.linux.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static dev.netns.linux.ffi.Native.call;
import static dev.netns.linux.ffi.Native.callReturningError;
import static dev.netns.linux.ffi.Native.link;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The {@code posix_spawn} family ({@code <spawn.h>}) and the signal-set functions its attributes
 * need. Unlike the rest of libc these functions return their error number instead of setting
 * errno, so they are called through {@link Native#callReturningError}. Linked on first use: a
 * program that never starts a process never links them.
 */
public final class Spawn {
    public static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    public static final short POSIX_SPAWN_SETSIGMASK = 0x08;

    private Spawn() {
    }

    /** Room for a {@code posix_spawn_file_actions_t} or {@code posix_spawnattr_t} (opaque, 16-byte aligned). */
    public static MemorySegment allocateStruct(Arena arena) {
        return arena.allocate(Layouts.SPAWN_OPAQUE.byteSize(), 16);
    }

    /** A {@code sigset_t}. */
    public static MemorySegment allocateSigset(Arena arena) {
        return arena.allocate(Layouts.SIGSET);
    }

    /** {@code int sigemptyset(sigset_t *set);} on a segment from {@link #allocateSigset}. */
    public static void sigemptyset(MemorySegment set) throws ErrnoException {
        call("sigemptyset", c -> (int) Sigemptyset.H.invokeExact(c, set));
    }

    private static final class Sigemptyset {
        static final MethodHandle H = link("sigemptyset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    }

    /** {@code int sigfillset(sigset_t *set);} on a segment from {@link #allocateSigset}. */
    public static void sigfillset(MemorySegment set) throws ErrnoException {
        call("sigfillset", c -> (int) Sigfillset.H.invokeExact(c, set));
    }

    private static final class Sigfillset {
        static final MethodHandle H = link("sigfillset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    }

    /**
     * {@code int posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *file_actions,
     * const posix_spawnattr_t *attrp, char *const argv[], char *const envp[]);} returning the pid.
     * glibc reports a failed file action or exec as the result, after reaping the failed child.
     */
    public static int posix_spawn(MemorySegment path, MemorySegment fileActions, MemorySegment attr,
                                  MemorySegment argv, MemorySegment envp) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pid = arena.allocate(JAVA_INT);
            callReturningError("posix_spawn", c -> (int) PosixSpawn.H.invokeExact(c, pid, path, fileActions, attr, argv, envp));
            return pid.get(JAVA_INT, 0);
        }
    }

    private static final class PosixSpawn {
        static final MethodHandle H = link("posix_spawn",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    }

    /** {@code int posix_spawn_file_actions_init(posix_spawn_file_actions_t *file_actions);} */
    public static void posix_spawn_file_actions_init(MemorySegment fileActions) throws ErrnoException {
        callReturningError("posix_spawn_file_actions_init", c -> (int) ActionsInit.H.invokeExact(c, fileActions));
    }

    private static final class ActionsInit {
        static final MethodHandle H = link("posix_spawn_file_actions_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    }

    /** {@code int posix_spawn_file_actions_destroy(posix_spawn_file_actions_t *file_actions);} */
    public static void posix_spawn_file_actions_destroy(MemorySegment fileActions) throws ErrnoException {
        callReturningError("posix_spawn_file_actions_destroy", c -> (int) ActionsDestroy.H.invokeExact(c, fileActions));
    }

    private static final class ActionsDestroy {
        static final MethodHandle H = link("posix_spawn_file_actions_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    }

    /** {@code int posix_spawn_file_actions_adddup2(posix_spawn_file_actions_t *file_actions, int fildes, int newfildes);} */
    public static void posix_spawn_file_actions_adddup2(MemorySegment fileActions, int fd, int newFd) throws ErrnoException {
        callReturningError("posix_spawn_file_actions_adddup2", c -> (int) ActionsDup2.H.invokeExact(c, fileActions, fd, newFd));
    }

    private static final class ActionsDup2 {
        static final MethodHandle H = link("posix_spawn_file_actions_adddup2",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    }

    /** {@code int posix_spawn_file_actions_addclose(posix_spawn_file_actions_t *file_actions, int fildes);} */
    public static void posix_spawn_file_actions_addclose(MemorySegment fileActions, int fd) throws ErrnoException {
        callReturningError("posix_spawn_file_actions_addclose", c -> (int) ActionsClose.H.invokeExact(c, fileActions, fd));
    }

    private static final class ActionsClose {
        static final MethodHandle H = link("posix_spawn_file_actions_addclose", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    }

    /** Whether libc has {@code posix_spawn_file_actions_addchdir_np} (glibc 2.29 and newer). */
    public static boolean hasSpawnChdir() {
        return ActionsChdir.H != null;
    }

    /**
     * {@code int posix_spawn_file_actions_addchdir_np(posix_spawn_file_actions_t *file_actions, const char *path);}
     * Throws {@code ENOSYS} when libc lacks it (see {@link #hasSpawnChdir()}).
     */
    public static void posix_spawn_file_actions_addchdir_np(MemorySegment fileActions, MemorySegment path) throws ErrnoException {
        if (ActionsChdir.H == null) {
            throw new ErrnoException("posix_spawn_file_actions_addchdir_np", Errno.ENOSYS);
        }
        callReturningError("posix_spawn_file_actions_addchdir_np", c -> (int) ActionsChdir.H.invokeExact(c, fileActions, path));
    }

    private static final class ActionsChdir {
        static final MethodHandle H = Native.linkOptional("posix_spawn_file_actions_addchdir_np",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    }

    /** Whether libc has {@code posix_spawn_file_actions_addclosefrom_np} (glibc 2.34 and newer). */
    public static boolean hasSpawnClosefrom() {
        return ActionsClosefrom.H != null;
    }

    /**
     * {@code int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *file_actions, int from);}
     * Throws {@code ENOSYS} when libc lacks it (see {@link #hasSpawnClosefrom()}).
     */
    public static void posix_spawn_file_actions_addclosefrom_np(MemorySegment fileActions, int from) throws ErrnoException {
        if (ActionsClosefrom.H == null) {
            throw new ErrnoException("posix_spawn_file_actions_addclosefrom_np", Errno.ENOSYS);
        }
        callReturningError("posix_spawn_file_actions_addclosefrom_np",
                c -> (int) ActionsClosefrom.H.invokeExact(c, fileActions, from));
    }

    private static final class ActionsClosefrom {
        static final MethodHandle H = Native.linkOptional("posix_spawn_file_actions_addclosefrom_np",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    }

    /** {@code int posix_spawnattr_init(posix_spawnattr_t *attr);} */
    public static void posix_spawnattr_init(MemorySegment attr) throws ErrnoException {
        callReturningError("posix_spawnattr_init", c -> (int) AttrInit.H.invokeExact(c, attr));
    }

    private static final class AttrInit {
        static final MethodHandle H = link("posix_spawnattr_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    }

    /** {@code int posix_spawnattr_destroy(posix_spawnattr_t *attr);} */
    public static void posix_spawnattr_destroy(MemorySegment attr) throws ErrnoException {
        callReturningError("posix_spawnattr_destroy", c -> (int) AttrDestroy.H.invokeExact(c, attr));
    }

    private static final class AttrDestroy {
        static final MethodHandle H = link("posix_spawnattr_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    }

    /** {@code int posix_spawnattr_setflags(posix_spawnattr_t *attr, short flags);} */
    public static void posix_spawnattr_setflags(MemorySegment attr, short flags) throws ErrnoException {
        callReturningError("posix_spawnattr_setflags", c -> (int) AttrSetflags.H.invokeExact(c, attr, flags));
    }

    private static final class AttrSetflags {
        static final MethodHandle H = link("posix_spawnattr_setflags", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT));
    }

    /** {@code int posix_spawnattr_setsigmask(posix_spawnattr_t *attr, const sigset_t *sigmask);} */
    public static void posix_spawnattr_setsigmask(MemorySegment attr, MemorySegment sigmask) throws ErrnoException {
        callReturningError("posix_spawnattr_setsigmask", c -> (int) AttrSetsigmask.H.invokeExact(c, attr, sigmask));
    }

    private static final class AttrSetsigmask {
        static final MethodHandle H = link("posix_spawnattr_setsigmask", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    }

    /** {@code int posix_spawnattr_setsigdefault(posix_spawnattr_t *attr, const sigset_t *sigdefault);} */
    public static void posix_spawnattr_setsigdefault(MemorySegment attr, MemorySegment sigdefault) throws ErrnoException {
        callReturningError("posix_spawnattr_setsigdefault", c -> (int) AttrSetsigdefault.H.invokeExact(c, attr, sigdefault));
    }

    private static final class AttrSetsigdefault {
        static final MethodHandle H = link("posix_spawnattr_setsigdefault", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    }
}
