package dev.netns.linux.ns;

import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import dev.netns.linux.testing.ChildJvm;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import dev.netns.linux.testing.KernelTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Both ways a thread finds its way back (its pidfd, or /proc/thread-self) in fresh JVMs, and the
 * per-thread pidfd released with its thread.
 */
@KernelTest
class SwitchPathsTest {

    /** Child JVM: enters and leaves a namespace on several threads, prints what /proc saw. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            String home = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
            try (NetworkNamespace ns = NetworkNamespaces.create()) {
                for (int t = 0; t < 3; t++) {
                    int thread = t;
                    Thread th = Thread.ofPlatform().start(() -> {
                        try {
                            for (int i = 0; i < 100; i++) {
                                String inside = ns.call(() -> Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString());
                                String after = Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
                                if (!inside.equals(ns.id().toString()) || !after.equals(home)) {
                                    System.out.println("wrong: inside " + inside + ", after " + after);
                                    return;
                                }
                            }
                            System.out.println("thread " + thread + ": 100 round trips in and back");
                        } catch (Exception e) {
                            System.out.println("failed: " + e);
                        }
                    });
                    th.join();
                }
            }
            long pidfds;
            try (var fds = Files.list(Path.of("/proc/self/fd"))) {
                pidfds = fds.filter(fd -> {
                    try {
                        return Files.readSymbolicLink(fd).toString().equals("anon_inode:[pidfd]");
                    } catch (Exception e) {
                        return false;
                    }
                }).count();
            }
            System.out.println("ok pidfds " + pidfds);
            for (int i = 0; i < 100 && pidfds > 1; i++) { // the three threads ended: their pidfds go with them
                System.gc();
                Thread.sleep(20);
                try (var fds = Files.list(Path.of("/proc/self/fd"))) {
                    pidfds = fds.filter(fd -> {
                        try {
                            return Files.readSymbolicLink(fd).toString().equals("anon_inode:[pidfd]");
                        } catch (Exception e) {
                            return false;
                        }
                    }).count();
                }
            }
            System.out.println("after gc pidfds " + pidfds);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void threadsComeBackOnEitherPath(boolean pidfd) {
        ChildJvm.Result r = ChildJvm.run(List.of("--enable-native-access=ALL-UNNAMED", "-Ddev.netns.linux.pidfd=" + pidfd),
                Probe.class);
        String out = r.output();
        assertEquals(0, r.exit(), out);
        assertFalse(out.contains("wrong:") || out.contains("failed:"), out);
        for (int t = 0; t < 3; t++) {
            assertTrue(out.contains("thread " + t + ": 100 round trips in and back"), out);
        }
        // which way back was taken: with pidfds, one per thread that switched (main, which made the
        // namespace, and three more); on the /proc/thread-self path none
        assertTrue(out.contains(pidfd ? "ok pidfds 4" : "ok pidfds 0"), out);
        assertTrue(out.contains(pidfd ? "after gc pidfds 1" : "after gc pidfds 0"), out);
    }
}
