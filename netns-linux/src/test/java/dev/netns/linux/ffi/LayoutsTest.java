package dev.netns.linux.ffi;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemoryLayout.PathElement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The struct layouts against the sizes and offsets of the C headers (64-bit Linux, glibc). */
class LayoutsTest {

    @Test
    void statLeadsWithDeviceAndInodeAndHoldsEitherArchitecture() {
        assertEquals(0, Layouts.STAT.byteOffset(PathElement.groupElement("st_dev")));
        assertEquals(8, Layouts.STAT.byteOffset(PathElement.groupElement("st_ino")));
        assertTrue(Layouts.STAT.byteSize() >= 144, "struct stat is 144 bytes on x86-64, 128 on aarch64");
    }

    @Test
    void statfsLeadsWithItsType() {
        assertEquals(0, Layouts.STATFS.byteOffset(PathElement.groupElement("f_type")));
        assertTrue(Layouts.STATFS.byteSize() >= 120, "struct statfs is 120 bytes");
    }

    @Test
    void siginfoOfAChild() {
        assertEquals(128, Layouts.SIGINFO.byteSize());
        assertEquals(8, Layouts.SIGINFO.byteOffset(PathElement.groupElement("si_code")));
        assertEquals(16, Layouts.SIGINFO.byteOffset(PathElement.groupElement("si_pid")));
        assertEquals(24, Layouts.SIGINFO.byteOffset(PathElement.groupElement("si_status")));
    }

    @Test
    void opaqueSpawnStructsHaveRoomToSpare() {
        assertEquals(128, Layouts.SIGSET.byteSize(), "sigset_t is 1024 bits");
        assertTrue(Layouts.SPAWN_OPAQUE.byteSize() >= 336, "posix_spawnattr_t is 336 bytes, file actions 80");
    }
}
