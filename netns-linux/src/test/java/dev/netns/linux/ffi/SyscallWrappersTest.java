package dev.netns.linux.ffi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The wrappers that make their system call by number ({@code syscall(2)}), checked against what the
 * JDK and procfs say independently: right numbers, right arguments, errno reported.
 */
class SyscallWrappersTest {

    @Test
    void statAndFstatGiveTheInodeTheJdkSees(@TempDir Path dir) throws Exception {
        Path file = Files.createFile(dir.resolve("f"));
        long ino = (long) Files.getAttribute(file, "unix:ino");
        long dev = (long) Files.getAttribute(file, "unix:dev");
        assertEquals(new LibC.FileId(dev, ino), LibC.stat(file.toString()));
        int fd = LibC.open(file.toString(), LibC.O_RDONLY, 0);
        try {
            assertEquals(new LibC.FileId(dev, ino), LibC.fstat(fd));
        } finally {
            LibC.close(fd);
        }
    }

    @Test
    void openCreatesWithTheModeAndFailsWithErrno(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("new");
        LibC.close(LibC.open(file.toString(), LibC.O_WRONLY | LibC.O_CREAT | LibC.O_EXCL, 0640));
        assertEquals("rw-r-----", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        ErrnoException exists = assertThrows(ErrnoException.class,
                () -> LibC.open(file.toString(), LibC.O_WRONLY | LibC.O_CREAT | LibC.O_EXCL, 0640));
        assertEquals(Errno.EEXIST, exists.errno());
        ErrnoException missing = assertThrows(ErrnoException.class, () -> LibC.open(dir.resolve("none").toString(), LibC.O_RDONLY, 0));
        assertEquals(Errno.ENOENT, missing.errno());
        assertTrue(missing.getMessage().contains("open"), missing.getMessage());
    }

    @Test
    void capgetGivesTheEffectiveSetProcfsShows() throws Exception {
        long procfs = 0;
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("CapEff:")) {
                procfs = Long.parseUnsignedLong(line.substring("CapEff:".length()).strip(), 16);
            }
        }
        assertEquals(Long.toHexString(procfs), Long.toHexString(LibC.effectiveCapabilities()));
    }

    @Test
    void openatAndReadTakeAFileRelativeToItsDirectory(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("f"), "abcdef");
        int dirFd = LibC.open(dir.toString(), LibC.O_RDONLY | LibC.O_DIRECTORY, 0);
        try (Arena arena = Arena.ofConfined()) {
            int fd = LibC.openat(dirFd, arena.allocateFrom("f"), LibC.O_RDONLY, 0);
            try {
                java.lang.foreign.MemorySegment buf = arena.allocate(4);
                assertEquals(4, LibC.read(fd, buf, 4));
                assertEquals("abcd", new String(buf.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), java.nio.charset.StandardCharsets.US_ASCII));
                assertEquals(2, LibC.read(fd, buf, 4));
                assertEquals(0, LibC.read(fd, buf, 4));
                assertThrows(IndexOutOfBoundsException.class, () -> LibC.read(fd, buf, 5));
            } finally {
                LibC.close(fd);
            }
            ErrnoException missing = assertThrows(ErrnoException.class, () -> LibC.openat(dirFd, arena.allocateFrom("none"), LibC.O_RDONLY, 0));
            assertEquals(Errno.ENOENT, missing.errno());
        } finally {
            LibC.close(dirFd);
        }
    }

    @Test
    void mkdirAndUnlinkAsTheFileSystemShowsThem(@TempDir Path dir) throws Exception {
        Path sub = dir.resolve("sub");
        LibC.mkdir(sub.toString(), 0700);
        assertTrue(Files.isDirectory(sub));
        Path file = Files.createFile(sub.resolve("f"));
        LibC.unlink(file.toString());
        assertFalse(Files.exists(file));
        assertEquals(Errno.ENOENT, assertThrows(ErrnoException.class, () -> LibC.unlink(file.toString())).errno());
    }

    @Test
    void fstatfsOfProcIsProcfs() throws Exception {
        int fd = LibC.open("/proc/self", LibC.O_RDONLY | LibC.O_DIRECTORY, 0);
        try {
            assertEquals(0x9fa0L, LibC.fstatfs(fd), "PROC_SUPER_MAGIC");
        } finally {
            LibC.close(fd);
        }
    }

    @Test
    void gettidIsTheThreadProcfsNames() throws IOException {
        int tid = LibC.gettid();
        assertEquals(Path.of("/proc/thread-self").toRealPath().getFileName().toString(), Integer.toString(tid));
    }

    @Test
    void pollWaitsForDataWithItsTimeout() throws Exception {
        int[] pipe = LibC.pipe2(LibC.O_CLOEXEC);
        try {
            long start = System.nanoTime();
            assertFalse(LibC.poll(pipe[0], LibC.POLLIN, 50), "nothing written yet");
            assertTrue(System.nanoTime() - start >= 40_000_000L, "waited for the timeout");
            Files.write(Path.of("/proc/self/fd/" + pipe[1]), new byte[] {1});
            assertTrue(LibC.poll(pipe[0], LibC.POLLIN, -1), "data is there, no timeout needed");
        } finally {
            LibC.close(pipe[0]);
            LibC.close(pipe[1]);
        }
    }

    @Test
    void closingABadDescriptorIsEbadf() {
        assertEquals(Errno.EBADF, assertThrows(ErrnoException.class, () -> LibC.close(-1)).errno());
    }

    @Test
    void aHeapSegmentIsRefusedBeforeTheCall() {
        assertThrows(IllegalArgumentException.class,
                () -> LibC.open(java.lang.foreign.MemorySegment.ofArray(new byte[] {'/', 0}), LibC.O_RDONLY, 0));
        try (Arena arena = Arena.ofConfined()) {
            assertTrue(arena.allocateFrom("/").isNative());
        }
    }
}
