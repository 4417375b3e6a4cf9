package dev.netns.linux.ffi;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The C structs the wrappers read, as named layouts (64-bit Linux, glibc), with the fields the
 * library uses named and the rest explicit padding; VarHandles built once. Where a struct differs
 * between x86-64 and aarch64 the layout covers the larger one and names only the fields both
 * place alike.
 */
final class Layouts {
    /**
     * {@code struct stat}: 144 bytes on x86-64, 128 on aarch64; {@code st_dev} and {@code st_ino}
     * lead both. Padded to 256 so either fits.
     */
    static final StructLayout STAT = MemoryLayout.structLayout(
            JAVA_LONG.withName("st_dev"),
            JAVA_LONG.withName("st_ino"),
            MemoryLayout.paddingLayout(240)).withName("stat");
    static final VarHandle STAT_DEV = STAT.varHandle(groupElement("st_dev"));
    static final VarHandle STAT_INO = STAT.varHandle(groupElement("st_ino"));

    /** {@code struct statfs} (120 bytes): {@code f_type} leads; padded to 256. */
    static final StructLayout STATFS = MemoryLayout.structLayout(
            JAVA_LONG.withName("f_type"),
            MemoryLayout.paddingLayout(248)).withName("statfs");
    static final VarHandle STATFS_TYPE = STATFS.varHandle(groupElement("f_type"));

    /**
     * {@code siginfo_t} (128 bytes) as {@code waitid} fills it for a child: {@code si_signo},
     * {@code si_errno}, {@code si_code}, 4 bytes of alignment, then the {@code _sigchld} member
     * ({@code si_pid}, {@code si_uid}, {@code si_status}).
     */
    static final StructLayout SIGINFO = MemoryLayout.structLayout(
            JAVA_INT.withName("si_signo"),
            JAVA_INT.withName("si_errno"),
            JAVA_INT.withName("si_code"),
            MemoryLayout.paddingLayout(4),
            JAVA_INT.withName("si_pid"),
            JAVA_INT.withName("si_uid"),
            JAVA_INT.withName("si_status"),
            MemoryLayout.paddingLayout(100)).withName("siginfo_t");
    static final VarHandle SIGINFO_CODE = SIGINFO.varHandle(groupElement("si_code"));
    static final VarHandle SIGINFO_STATUS = SIGINFO.varHandle(groupElement("si_status"));

    /** {@code sigset_t}: 1024 bits in glibc. */
    static final MemoryLayout SIGSET = MemoryLayout.sequenceLayout(16, JAVA_LONG).withName("sigset_t");

    /**
     * {@code posix_spawn_file_actions_t} (80 bytes in glibc) and {@code posix_spawnattr_t} (336):
     * opaque to us, so one layout with room to spare for either.
     */
    static final MemoryLayout SPAWN_OPAQUE = MemoryLayout.sequenceLayout(128, JAVA_LONG).withName("posix_spawn_opaque");

    private Layouts() {
    }
}
