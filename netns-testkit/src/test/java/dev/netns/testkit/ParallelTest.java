package dev.netns.testkit;

import dev.netns.NetworkNamespace;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** With JUnit's parallel execution on, @NetnsTest tests still run one at a time, so leak checks stay exact. */
@KernelTest
class ParallelTest {
    static final AtomicInteger ACTIVE = new AtomicInteger();
    static final AtomicInteger MOST = new AtomicInteger();

    @Example
    @NetnsTest
    static class Several {
        @Netns
        NetworkNamespace ns;

        private void work() throws Exception {
            MOST.accumulateAndGet(ACTIVE.incrementAndGet(), Math::max);
            try {
                // each test makes and removes namespaces; run together, their leak checks would see each other's
                for (int i = 0; i < 5; i++) {
                    NetworkNamespace extra = dev.netns.NetworkNamespaces.create();
                    Thread.sleep(10);
                    extra.close();
                }
            } finally {
                ACTIVE.decrementAndGet();
            }
        }

        @Test
        void one() throws Exception {
            work();
        }

        @Test
        void two() throws Exception {
            work();
        }

        @Test
        void three() throws Exception {
            work();
        }

        @Test
        void four() throws Exception {
            work();
        }
    }

    @Test
    void netnsTestsAreSerialized() {
        EngineExecutionResults r = Examples.run(Several.class, Map.of(
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "4"));
        Examples.assertNoFailures(r);
        r.testEvents().assertStatistics(s -> s.succeeded(4));
        assertEquals(1, MOST.get(), "never two @NetnsTest tests at once");
    }
}
