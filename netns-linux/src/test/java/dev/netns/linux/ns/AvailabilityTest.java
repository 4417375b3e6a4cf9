package dev.netns.linux.ns;

import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import dev.netns.linux.testing.ChildJvm;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import dev.netns.linux.testing.KernelTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one-time environment check, seen from JVMs started with and without native access, and the fd cleaner. */
@KernelTest
class AvailabilityTest {

    /** Entry point of the child JVMs: prints the SDK's verdict on its environment. */
    public static final class Probe {
        public static void main(String[] args) {
            Optional<String> reason = NetworkNamespaces.unavailableReason();
            System.out.println(reason.orElse("available"));
        }
    }

    private static String probe(String... jvmFlags) {
        ChildJvm.Result r = ChildJvm.run(List.of(jvmFlags), Probe.class);
        assertEquals(0, r.exit(), r.output());
        return r.output();
    }

    @Test
    void availableHere() {
        assertEquals(Optional.empty(), NetworkNamespaces.unavailableReason());
    }

    @Test
    void deniedNativeAccessIsExplainedWithTheFlagToAdd() throws Exception {
        String out = probe("--illegal-native-access=deny");
        assertTrue(out.contains("native access is not enabled") && out.contains("--enable-native-access=ALL-UNNAMED"), out);
    }

    @Test
    void grantedNativeAccessIsAvailable() throws Exception {
        String out = probe("--enable-native-access=ALL-UNNAMED");
        assertEquals("available", out.strip());
    }

    @Test
    void aForgottenHandleHasItsDescriptorReclaimed() throws Exception {
        long inode = forget();
        String link = "net:[" + inode + "]";
        boolean released = false;
        for (int i = 0; i < 100 && !released; i++) {
            System.gc();
            Thread.sleep(20);
            released = !holdsDescriptor(link);
        }
        assertTrue(released, "the cleaner closed the descriptor of a handle nobody closed");
    }

    private static long forget() throws Exception {
        NetworkNamespace ns = NetworkNamespaces.create();
        long inode = ns.id().inode();
        assertTrue(holdsDescriptor("net:[" + inode + "]"));
        WeakReference<NetworkNamespace> ref = new WeakReference<>(ns);
        assertTrue(ref.get() != null);
        return inode;
    }

    private static boolean holdsDescriptor(String link) throws Exception {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().equals(link);
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }
}
