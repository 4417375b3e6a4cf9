package dev.netns.testkit;

import dev.netns.witness.Ip;
import dev.netns.NetworkNamespace;
import dev.netns.Pod;
import dev.netns.PodNetwork;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

/** @Nested classes inherit the outer class's settings and network; their own objects follow the same scoping. */
@KernelTest
class NestedTest {
    static final List<String> NAMES = new CopyOnWriteArrayList<>();

    @Example
    @NetnsTest
    static class Outer {
        @PodNet(subnet = "10.244.4.0/24")
        static PodNetwork net;
        @Netns(named = true)
        NetworkNamespace outerPerTest;

        @Test
        void outer(@TestPod("o") Pod o) {
            assertSame(net.pod("o"), o);
        }

        @Nested
        class Inner {
            @Netns(named = true)
            NetworkNamespace innerPerTest;

            @Test
            void podsJoinTheOuterNetwork(@TestPod("i") Pod i, @TestPod("j") Pod j) throws Exception {
                assertSame(net.pod("i"), i);
                NAMES.add(outerPerTest.name().orElseThrow());
                NAMES.add(innerPerTest.name().orElseThrow());
                NAMES.add(i.namespace().name().orElseThrow());
                try (EchoServer echo = EchoServer.tcp(j.namespace(), 0)) {
                    Probes.assertReachable(i, j, echo.port());
                }
            }
        }
    }

    @Test
    void nestedClassesShareTheOuterNetworkAndCleanUp() {
        EngineExecutionResults r = Examples.run(Outer.class);
        Examples.assertNoFailures(r);
        r.testEvents().assertStatistics(s -> s.succeeded(2));
        assertEquals(3, NAMES.size());
        List<String> listed = Ip.netnsList();
        NAMES.forEach(n -> assertFalse(listed.contains(n), n));
    }
}
