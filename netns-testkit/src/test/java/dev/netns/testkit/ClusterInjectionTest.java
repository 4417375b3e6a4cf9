package dev.netns.testkit;

import dev.netns.witness.Commands;
import dev.netns.witness.Ip;
import dev.netns.Cluster;
import dev.netns.ClusterNode;
import dev.netns.Pod;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Clusters are injected with @TempDir scoping, carry testkit names, wire pods across nodes, and go away. */
class ClusterInjectionTest {
    static final List<String> NAMES = new CopyOnWriteArrayList<>();

    @Example
    @NetnsTest
    static class Clusters {
        @TestCluster(nodes = 2, mode = Cluster.Mode.HOST_GW, podCidr = "10.32.0.0/16")
        static Cluster shared;
        @TestCluster(nodes = 3)
        Cluster perTest;

        @Test
        void fieldsAcrossNodes() throws Exception {
            String name = shared.spec().name();
            NAMES.add(name);
            NAMES.add(perTest.spec().name());
            assertTrue(name.startsWith("tk-" + ProcessHandle.current().pid() + "-"), name);
            assertEquals(List.of(name + "-node0", name + "-node1"), shared.nodes().stream().map(ClusterNode::name).toList());
            assertTrue(Ip.netnsList().contains(name + "-underlay"));
            Pod a = shared.node(0).addPod("a");     // stays with the class's cluster: no leak
            Pod b = shared.node(1).addPod("b");
            assertTrue(b.address().getHostAddress().startsWith("10.32.1."), b.address().toString());
            try (EchoServer echo = EchoServer.tcp(b.namespace(), 7)) {
                Probes.assertReachable(a, b, echo.port());
            }
            Pod c = perTest.node(0).addPod("c");
            Pod d = perTest.node(2).addPod("d");
            String vxlan = Commands.run("ip", "-d", "-n", perTest.node(2).name(), "-o", "link", "show", "vxlan.1");
            assertTrue(vxlan.contains("vxlan id 1") && vxlan.contains("dstport 8472") && vxlan.contains("nolearning"), vxlan);
            try (EchoServer echo = EchoServer.tcp(c.namespace(), 7)) {
                Probes.assertReachable(d, c, echo.port());
            }
        }

        @Test
        void parameter(@TestCluster(nodes = 1) Cluster mine) throws Exception {
            NAMES.add(mine.spec().name());
            assertNotSame(perTest, mine);
            assertEquals(1, mine.nodes().size());
            assertEquals(2, shared.nodes().size());
        }
    }

    @Test
    void clustersComeAndGo() {
        EngineExecutionResults r = Examples.run(Clusters.class);
        Examples.assertNoFailures(r);
        r.testEvents().assertStatistics(s -> s.succeeded(2));
        List<String> listed = Ip.netnsList();
        assertFalse(NAMES.isEmpty());
        for (String name : NAMES) {
            assertTrue(listed.stream().noneMatch(n -> n.startsWith(name)), name + " is gone: " + listed);
        }
    }
}
