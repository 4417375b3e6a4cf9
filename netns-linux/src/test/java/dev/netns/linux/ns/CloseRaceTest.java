package dev.netns.linux.ns;

import dev.netns.witness.Proc;
import dev.netns.linux.testing.KernelTest;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import dev.netns.VethPair;
import dev.netns.witness.Ip;
import dev.netns.linux.testing.TestNames;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code close()} racing an operation on the same handle: the operation runs in the handle's
 * namespace or is refused with {@link IllegalStateException}, never anywhere else. Before the use
 * count, the freed descriptor number was taken by the thread's own way-back descriptor and the
 * task ran at home (about one in three virtual-thread calls). Bounded: at most {@value #ROUNDS}
 * rounds or {@value #SECONDS} s per case.
 */
@KernelTest
class CloseRaceTest {
    private static final int ROUNDS = 3000;
    private static final int SECONDS = 6;

    /** What one racing call saw: the namespace the task ran in, or the refusal. */
    private record Outcome(String ranIn, Throwable refused) {
    }

    private static void race(Thread.Builder callers) throws Exception {
        try (NetworkNamespace target = NetworkNamespaces.create()) {
            String inside = "net:[" + target.id().inode() + "]";
            long end = System.nanoTime() + Duration.ofSeconds(SECONDS).toNanos();
            int inRuns = 0;
            int refusals = 0;
            List<String> wrong = new ArrayList<>();
            for (int i = 0; i < ROUNDS && System.nanoTime() < end; i++) {
                NetworkNamespace h = NetworkNamespaces.open(target.path());
                CountDownLatch go = new CountDownLatch(1);
                AtomicReference<Outcome> seen = new AtomicReference<>();
                Thread t = callers.start(() -> {
                    try {
                        go.await();
                        seen.set(new Outcome(h.call(Proc::currentThreadNetns), null));
                    } catch (IllegalStateException e) {
                        seen.set(new Outcome(null, e));
                    } catch (Exception e) {
                        seen.set(new Outcome(null, e));
                    }
                });
                go.countDown();
                h.close();
                if (!t.join(Duration.ofSeconds(10))) {
                    fail("a racing call did not finish in 10 s");
                }
                Outcome o = seen.get();
                if (o.refused() != null) {
                    assertTrue(o.refused() instanceof IllegalStateException, () -> "refused with " + o.refused());
                    assertTrue(o.refused().getMessage().contains("is closed"), o.refused().getMessage());
                    refusals++;
                } else if (o.ranIn().equals(inside)) {
                    inRuns++;
                } else {
                    wrong.add(o.ranIn());
                }
            }
            assertEquals(0, wrong.size(), wrong.size() + " tasks ran outside " + inside + ", e.g. in "
                    + wrong.stream().distinct().toList() + " (" + inRuns + " inside, " + refusals + " refused)");
        }
    }

    @Test
    void aPlatformThreadCallRacingCloseRunsInsideOrIsRefused() throws Exception {
        race(Thread.ofPlatform());
    }

    @Test
    void aVirtualThreadCallRacingCloseRunsInsideOrIsRefused() throws Exception {
        race(Thread.ofVirtual());
    }

    @Test
    void aVethPeerRacingCloseOfItsNamespaceLandsThereOrIsRefused() throws Exception {
        String nodeName = TestNames.OWNER.uniqueName("race-node");
        try (NetworkNamespace node = NetworkNamespaces.create(nodeName);
             NetworkNamespace target = NetworkNamespaces.create()) {
            long end = System.nanoTime() + Duration.ofSeconds(SECONDS).toNanos();
            for (int i = 0; i < 200 && System.nanoTime() < end; i++) {
                NetworkNamespace h = NetworkNamespaces.open(target.path());
                String host = "h" + i;
                String peer = "p" + i;
                CountDownLatch go = new CountDownLatch(1);
                AtomicReference<Throwable> failure = new AtomicReference<>();
                Thread t = Thread.ofPlatform().start(() -> {
                    try {
                        go.await();
                        VethPair.builder().name(host).peerName(peer).peerNamespace(h).create(node);
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                });
                go.countDown();
                h.close();
                assertTrue(t.join(Duration.ofSeconds(10)), "a racing create finished");
                boolean inTarget = target.links().find(peer).isPresent();
                boolean inNode = node.links().find(peer).isPresent();
                assertTrue(!inNode, "peer " + peer + " landed in the node namespace: " + failure.get());
                if (failure.get() == null) {
                    assertTrue(inTarget, "peer " + peer + " was created, so it is in the target namespace");
                } else {
                    assertTrue(failure.get() instanceof IllegalStateException, () -> "refused with " + failure.get());
                }
            }
        } finally {
            Ip.netnsDeleteIfPresent(nodeName);
        }
    }
}
