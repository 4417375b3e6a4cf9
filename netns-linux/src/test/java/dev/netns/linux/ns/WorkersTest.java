package dev.netns.linux.ns;

import dev.netns.linux.testing.KernelTest;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Why the workers that run virtual threads' tasks are not a bounded pool (the reason documented
 * on {@code Workers} and {@code NetworkNamespace}): tasks may wait for each other, so every task
 * in flight needs its own worker. With any bound below {@value #TASKS} this test would time out.
 */
@KernelTest
class WorkersTest {
    private static final int TASKS = 64;

    @Test
    void virtualThreadTasksThatWaitForEachOtherAllComplete() throws Exception {
        try (NetworkNamespace ns = NetworkNamespaces.create()) {
            CyclicBarrier allInside = new CyclicBarrier(TASKS);
            AtomicInteger done = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        ns.run(() -> allInside.await(20, TimeUnit.SECONDS)); // each waits for all the others
                        done.incrementAndGet();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }));
            }
            for (Thread t : threads) {
                assertTrue(t.join(Duration.ofSeconds(30)), "a task finished");
            }
            assertEquals(TASKS, done.get(), "every task got a worker while the others waited");
        }
    }
}
