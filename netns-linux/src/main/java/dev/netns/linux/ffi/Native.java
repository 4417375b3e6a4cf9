package dev.netns.linux.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * How the downcall classes ({@link LibC}, {@link Spawn}) link and call libc: the one place that
 * performs the restricted linker operation, and the checked-call helpers that hold the only
 * try/catch around {@code invokeExact}.
 *
 * <p>Handles are linked lazily, one holder class per function (jextract's pattern): the JVM
 * initializes a holder, and so links its function, on the first call, so a program that never
 * spawns never links {@code posix_spawn}. Every handle captures errno
 * ({@code captureCallState("errno")}) into a segment owned by the calling thread, so concurrent
 * calls on other threads never see each other's errno.
 *
 * <p>A wrapper passes its call as a lambda; the JIT inlines the helper and the lambda into the
 * wrapper, and escape analysis then removes the lambda's allocation on hot paths ({@code setns},
 * {@code ioctl}): {@code JoinBenchmark} with {@code -prof gc} shows it.
 */
final class Native {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    /** The calling thread's errno capture buffer: never shared between threads. */
    private static final ThreadLocal<MemorySegment> CAPTURE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE_LAYOUT));

    private Native() {
    }

    /** A downcall returning an {@code int}, given the thread's errno capture segment. */
    @FunctionalInterface
    interface IntCall {
        int invoke(MemorySegment capture) throws Throwable;
    }

    /** A downcall returning a {@code long} ({@code ssize_t}). */
    @FunctionalInterface
    interface LongCall {
        long invoke(MemorySegment capture) throws Throwable;
    }

    /** Links one libc function with errno capture; a missing symbol is reported by name. */
    static MethodHandle link(String name, FunctionDescriptor descriptor, Linker.Option... extra) {
        MethodHandle handle = linkOptional(name, descriptor, extra);
        if (handle == null) {
            throw new UnsatisfiedLinkError("libc has no function '" + name + "' (needs glibc 2.30 or newer, or musl)");
        }
        return handle;
    }

    /** Like {@link #link}, but {@code null} when libc lacks the function (a GNU extension of a later release). */
    @SuppressWarnings("restricted")
    static MethodHandle linkOptional(String name, FunctionDescriptor descriptor, Linker.Option... extra) {
        MemorySegment symbol = LIBC.find(name).orElse(null);
        if (symbol == null) {
            return null;
        }
        Linker.Option[] options = new Linker.Option[extra.length + 1];
        options[0] = CAPTURE_ERRNO;
        System.arraycopy(extra, 0, options, 1, extra.length);
        return LINKER.downcallHandle(symbol, descriptor, options);
    }

    /** Calls a function that returns -1 and sets errno on failure; returns its non-negative result. */
    static int call(String function, IntCall call) throws ErrnoException {
        MemorySegment capture = CAPTURE.get();
        int result;
        try {
            result = call.invoke(capture);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (result < 0) {
            throw new ErrnoException(function, errno(capture));
        }
        return result;
    }

    /** As {@link #call(String, IntCall)} for {@code ssize_t} results. */
    static long callLong(String function, LongCall call) throws ErrnoException {
        MemorySegment capture = CAPTURE.get();
        long result;
        try {
            result = call.invoke(capture);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (result < 0) {
            throw new ErrnoException(function, errno(capture));
        }
        return result;
    }

    /** Calls a function that returns its error number (0 for success) instead of setting errno: the posix_spawn family. */
    static void callReturningError(String function, IntCall call) throws ErrnoException {
        int error;
        try {
            error = call.invoke(CAPTURE.get());
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (error != 0) {
            throw new ErrnoException(function, error);
        }
    }

    /** Calls a function that cannot fail ({@code gettid}). */
    static int callInfallible(IntCall call) {
        try {
            return call.invoke(CAPTURE.get());
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    private static RuntimeException unexpected(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("native call failed", t);
    }

    /** A C string in {@code arena}, or NULL for {@code null}. */
    static MemorySegment cstr(Arena arena, String s) {
        return s == null ? MemorySegment.NULL : arena.allocateFrom(s);
    }
}
