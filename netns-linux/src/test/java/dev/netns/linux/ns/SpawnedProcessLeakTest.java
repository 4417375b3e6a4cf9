package dev.netns.linux.ns;

import dev.netns.witness.Ip;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import dev.netns.witness.Proc;
import dev.netns.linux.testing.TestNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import dev.netns.linux.testing.KernelTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Starting processes in a namespace leaves nothing behind in the JVM: no thread inside it (the
 * JDK's "process reaper" used to be born there), no descriptor, and a deleted namespace is freed
 * once its last process is gone. Witnessed through /proc, not through the library.
 */
@KernelTest
class SpawnedProcessLeakTest {
    private final List<String> made = new ArrayList<>();

    @AfterEach
    void removeLeftovers() {
        made.forEach(Ip::netnsDeleteIfPresent);
    }

    /** Threads of this JVM whose network namespace is the one with this inode. */
    private static List<String> threadsIn(long inode) throws IOException {
        List<String> found = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    if (Files.readSymbolicLink(task.resolve("ns/net")).toString().equals("net:[" + inode + "]")) {
                        found.add(task.getFileName() + " " + Files.readString(task.resolve("comm")).strip());
                    }
                } catch (IOException e) {
                    // the thread ended while we looked
                }
            }
        }
        return found;
    }

    @Test
    void twentyConcurrentProcessesLeaveNoThreadInside() throws Exception {
        try (NetworkNamespace ns = NetworkNamespaces.create()) {
            // all alive at once: the JDK would have needed twenty reapers, most of them new
            List<Process> running = new ArrayList<>();
            try {
                for (int i = 0; i < 20; i++) {
                    running.add(ns.start(new ProcessBuilder("sleep", "0.3")));
                }
                for (Process p : running) {
                    assertTrue(p.waitFor(20, TimeUnit.SECONDS));
                    assertEquals(0, p.exitValue());
                }
            } finally {
                running.forEach(Process::destroyForcibly);
            }
            assertEquals(List.of(), threadsIn(ns.id().inode()), "threads in the namespace, by /proc/self/task/*/ns/net");
            assertEquals(List.of(), NetworkNamespaces.strayThreads());
            assertTrue(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("netns-process-waiter")),
                    "children are awaited by our own waiters");
        }
    }

    @Test
    void startedFromInsideAnotherNamespaceTheWaitersStillLiveAtHome() throws Exception {
        try (NetworkNamespace target = NetworkNamespaces.create(); NetworkNamespace caller = NetworkNamespaces.create()) {
            // more at once than there are waiters, from a thread inside 'caller': new waiters are made by it
            long waiters = waiterCount();
            List<Process> running = caller.call(() -> {
                List<Process> started = new ArrayList<>();
                for (int i = 0; i < waiters + 3; i++) {
                    // long enough to be read below however slow the machine: ended by destroy()
                    started.add(target.start(new ProcessBuilder("sleep", "30")));
                }
                return started;
            });
            try {
                assertTrue(waiterCount() > waiters, "new waiter threads were made");
                assertEquals(List.of(), threadsIn(caller.id().inode()), "waiters made inside 'caller' moved home");
                assertEquals(List.of(), threadsIn(target.id().inode()));
                for (Process p : running) {
                    assertEquals("net:[" + target.id().inode() + "]",
                            Files.readSymbolicLink(Path.of("/proc/" + p.pid() + "/ns/net")).toString());
                }
                for (Process p : running) {
                    p.destroy();
                    assertTrue(p.waitFor(20, TimeUnit.SECONDS));
                }
            } finally {
                running.forEach(Process::destroyForcibly);
            }
        }
        assertEquals(List.of(), NetworkNamespaces.strayThreads());
    }

    private static long waiterCount() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("netns-process-waiter")).count();
    }

    @Test
    void twoHundredCyclesLeaveTheDescriptorCountUnchanged() throws Exception {
        try (NetworkNamespace ns = NetworkNamespaces.create()) {
            // warm-up: classes, the waiter pool, the JDK's own lazily opened files
            Process first = ns.start(new ProcessBuilder("true"));
            first.getInputStream().readAllBytes();
            first.onExit().get(20, TimeUnit.SECONDS);
            first.getOutputStream().close();
            first.getInputStream().close();
            first.getErrorStream().close();
            List<String> beforeTargets = Proc.fdTargets();
            int before = beforeTargets.size();
            long pipesBefore = pipes(beforeTargets);
            for (int i = 0; i < 200; i++) {
                Process p = ns.start(new ProcessBuilder("sh", "-c", "echo out; echo err >&2"));
                // streams never closed by us: the exit closes the pipes, as the JDK's does
                assertTrue(p.waitFor(20, TimeUnit.SECONDS));
                p.onExit().get(20, TimeUnit.SECONDS);
            }
            assertThrows(IOException.class, () -> ns.start(new ProcessBuilder("netns-no-such-program")));
            // the last exit's pipes are closed by its waiter just after onExit: give it a moment. Other
            // descriptors of the JVM (threads' own pidfds, JDK files) may come and go meanwhile, so the
            // rule is: no pipe left over, and no growth (a leak of 200 cycles is hundreds of descriptors)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while ((pipes(Proc.fdTargets()) != pipesBefore || Proc.fdTargets().size() > before)
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            List<String> after = Proc.fdTargets();
            assertEquals(pipesBefore, pipes(after), () -> "pipes now: " + after);
            assertTrue(after.size() <= before, () -> "descriptors grew from " + before + ": " + after);
        }
    }

    private static long pipes(List<String> targets) {
        return targets.stream().filter(t -> t.startsWith("pipe:")).count();
    }

    @Test
    void aDeletedNamespaceIsFreedOnceItsProcessExited() throws Exception {
        String name = TestNames.OWNER.uniqueName("spawn");
        made.add(name);
        long inode;
        Process p;
        try (NetworkNamespace ns = NetworkNamespaces.create(name)) {
            inode = ns.id().inode();
            p = ns.start(new ProcessBuilder("sleep", "30"));
            ns.delete();
        }
        try {
            assertEquals("net:[" + inode + "]", Files.readSymbolicLink(Path.of("/proc/" + p.pid() + "/ns/net")).toString(),
                    "the child keeps the deleted namespace alive");
        } finally {
            p.destroy();
        }
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        p.onExit().get(20, TimeUnit.SECONDS);
        assertEquals(List.of(), threadsIn(inode), "no thread of ours is in it");
        assertTrue(Proc.fdTargets().stream().noneMatch(t -> t.equals("net:[" + inode + "]")), "no descriptor of ours holds it");
        assertTrue(Files.exists(Path.of("/run/netns")) && !Files.exists(Path.of("/run/netns", name)));
    }
}
