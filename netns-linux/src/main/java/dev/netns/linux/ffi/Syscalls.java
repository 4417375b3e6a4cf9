package dev.netns.linux.ffi;

import java.util.Locale;

/**
 * The numbers of the system calls the library makes through {@code syscall(2)} ({@link Native#syscall}),
 * for the two architectures it supports: x86-64 ({@code <asm/unistd_64.h>}) and aarch64
 * ({@code <asm-generic/unistd.h>}). aarch64 has no {@code open}, {@code stat}, {@code mkdir},
 * {@code unlink} or {@code poll}: the library uses the {@code *at} calls and {@code ppoll} on both,
 * and {@code sendto}/{@code recvfrom} for {@code send}/{@code recv}.
 */
final class Syscalls {
    private static final boolean X86_64;

    static {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (arch.equals("amd64") || arch.equals("x86_64")) {
            X86_64 = true;
        } else if (arch.equals("aarch64") || arch.equals("arm64")) {
            X86_64 = false;
        } else {
            throw new UnsatisfiedLinkError("netns makes its system calls by number and knows them for x86-64 and aarch64,"
                    + " not for os.arch " + arch);
        }
    }

    static final long UNSHARE = nr(272, 97);
    static final long SETNS = nr(308, 268);
    static final long OPENAT = nr(257, 56);
    static final long CLOSE = nr(3, 57);
    static final long READ = nr(0, 63);
    static final long CAPGET = nr(125, 90);
    static final long MOUNT = nr(165, 40);
    static final long UMOUNT2 = nr(166, 39);
    static final long FSTAT = nr(5, 80);
    static final long NEWFSTATAT = nr(262, 79);
    static final long FSTATFS = nr(138, 44);
    static final long IOCTL = nr(16, 29);
    static final long PIDFD_OPEN = nr(434, 434);
    static final long GETTID = nr(186, 178);
    static final long MKDIRAT = nr(258, 34);
    static final long UNLINKAT = nr(263, 35);
    static final long MKNODAT = nr(259, 33);
    static final long FLOCK = nr(73, 32);
    static final long SOCKET = nr(41, 198);
    static final long BIND = nr(49, 200);
    static final long GETSOCKNAME = nr(51, 204);
    static final long SETSOCKOPT = nr(54, 208);
    static final long FCNTL = nr(72, 25);
    static final long SENDTO = nr(44, 206);
    static final long RECVFROM = nr(45, 207);
    static final long PPOLL = nr(271, 73);

    /** Where {@code struct stat} keeps {@code st_mode} and {@code st_uid}: the two architectures order them differently. */
    static final long STAT_MODE_OFFSET = nr(24, 16);
    static final long STAT_UID_OFFSET = nr(28, 24);

    /** {@code AT_FDCWD} of {@code <fcntl.h>}: the {@code *at} calls resolve relative paths from the working directory. */
    static final long AT_FDCWD = -100;

    private Syscalls() {
    }

    private static long nr(long x86, long aarch64) {
        return X86_64 ? x86 : aarch64;
    }
}
