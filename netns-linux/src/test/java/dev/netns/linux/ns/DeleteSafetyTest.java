package dev.netns.linux.ns;

import dev.netns.linux.testing.KernelTest;
import dev.netns.NetnsException;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import dev.netns.NoSuchNamespaceException;
import dev.netns.witness.Commands;
import dev.netns.witness.Ip;
import dev.netns.witness.Proc;
import dev.netns.linux.testing.TestNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deleting and opening by name act only on the network namespace file that bears the name: never
 * through a symbolic link planted in the run directory, never on a mount of something else, and a
 * stale handle never deletes a namespace someone created again under its name. Real mounts in the
 * run directory, checked with iproute2 and /proc/self/mountinfo.
 */
@KernelTest
class DeleteSafetyTest {
    private final List<String> names = new ArrayList<>();
    private final List<Path> cleanup = new ArrayList<>();
    private final List<Path> mounts = new ArrayList<>();

    private String name(String stem) {
        String n = TestNames.OWNER.uniqueName(stem);
        names.add(n);
        cleanup.add(Path.of("/run/netns", n));
        return n;
    }

    @AfterEach
    void removeLeftovers() throws Exception {
        for (Path m : mounts.reversed()) {
            Commands.exec("umount", "-l", m.toString());
        }
        names.forEach(Ip::netnsDeleteIfPresent);
        for (Path p : cleanup) {
            Files.deleteIfExists(p);
        }
    }

    private Path tmpfsMount() throws Exception {
        Path dir = Files.createTempDirectory("netns-victim");
        cleanup.add(dir);
        Commands.run("mount", "-t", "tmpfs", "-o", "size=64k", "netns-victim", dir.toString());
        mounts.add(dir);
        return dir;
    }

    @Test
    void aStaleHandleDoesNotDeleteTheNamespaceCreatedAgainUnderItsName() throws Exception {
        String n = name("stale");
        try (NetworkNamespace a = NetworkNamespaces.create(n)) {
            Commands.run("ip", "netns", "del", n);
            Commands.run("ip", "netns", "add", n);
            long recreated = Proc.inodeOf("/run/netns/" + n);
            NoSuchNamespaceException e = assertThrows(NoSuchNamespaceException.class, a::delete);
            assertTrue(e.getMessage().contains(a.id().toString()) && e.getMessage().contains(Long.toString(recreated)),
                    "names both namespaces: " + e.getMessage());
            assertTrue(Ip.netnsList().contains(n), "the new namespace is still there");
            assertEquals(recreated, Proc.inodeOf("/run/netns/" + n));
            assertTrue(Proc.mounted("/run/netns/" + n));
        }
    }

    @Test
    void deleteRefusesASymbolicLinkToAnotherMountPoint() throws Exception {
        Path victim = tmpfsMount();
        String n = name("link");
        Files.createSymbolicLink(Path.of("/run/netns", n), victim);
        NetnsException e = assertThrows(NetnsException.class, () -> NetworkNamespaces.delete(n));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        assertTrue(Proc.mounted(victim.toString()), "the link's target is still mounted");
        assertTrue(Files.isSymbolicLink(Path.of("/run/netns", n)), "the link is left alone");
    }

    @Test
    void deleteRefusesALinkToAnotherNamespaceAndOpenAndExistsDoNotFollowIt() throws Exception {
        String real = name("real");
        String n = name("alias");
        try (NetworkNamespace target = NetworkNamespaces.create(real)) {
            Files.createSymbolicLink(Path.of("/run/netns", n), Path.of("/run/netns", real));
            assertThrows(NetnsException.class, () -> NetworkNamespaces.delete(n));
            assertTrue(Proc.mounted("/run/netns/" + real), "the real namespace stays mounted");
            NetnsException open = assertThrows(NetnsException.class, () -> NetworkNamespaces.open(n));
            assertTrue(open.getMessage().contains("symbolic link"), open.getMessage());
            assertFalse(NetworkNamespaces.exists(n));
            assertTrue(NetworkNamespaces.exists(real));
            target.delete();
        }
    }

    @Test
    void deleteRefusesAMountOfSomethingOtherThanANamespace() throws Exception {
        String n = name("bind");
        Path file = Path.of("/run/netns", n);
        Files.createFile(file);
        Path source = Files.createTempFile("netns-victim", ".txt");
        cleanup.add(source);
        Commands.run("mount", "--bind", source.toString(), file.toString());
        mounts.add(file);
        NetnsException e = assertThrows(NetnsException.class, () -> NetworkNamespaces.delete(n));
        assertEquals("EBUSY", e.errnoName(), e.getMessage());
        assertTrue(Proc.mounted(file.toString()), "the bind mount of a plain file is not unmounted");
    }

    @Test
    void aLeftoverPlainFileIsStillRemovedByName() throws Exception {
        String n = name("plain");
        Files.createFile(Path.of("/run/netns", n));
        NetworkNamespaces.delete(n);
        assertFalse(Files.exists(Path.of("/run/netns", n)));
    }

    @Test
    void aRunDirectoryOthersCanTamperWithIsRefused() throws Exception {
        Path dir = Files.createTempDirectory("netns-rundir");
        cleanup.add(dir);
        NamespaceManager manager = new NamespaceManager(new RunDirectory(dir));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        NetnsException writable = assertThrows(NetnsException.class, () -> manager.create("x"));
        assertTrue(writable.getMessage().contains("writable by others (mode 777)"), writable.getMessage());
        assertThrows(NetnsException.class, () -> manager.open("x"));
        assertThrows(NetnsException.class, () -> manager.delete("x"));

        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Commands.run("chown", "65534", dir.toString());
        NetnsException owner = assertThrows(NetnsException.class, () -> manager.create("x"));
        assertTrue(owner.getMessage().contains("owned by uid 65534"), owner.getMessage());
        assertFalse(Files.exists(dir.resolve("x")), "nothing made");
    }
}
