package dev.netns.examples;

import dev.netns.witness.Commands;
import dev.netns.witness.Ip;
import dev.netns.witness.Owner;
import dev.netns.testkit.KernelTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cluster}: a real cluster end to end, its picture, and a teardown that leaves nothing; usage errors. */
@KernelTest
class ClusterCommandTest {
    private final String name = Owner.of("nx").uniqueName("cl");

    @AfterEach
    void cleanup() {
        Ip.netnsDeleteAll(name);
    }

    @Test
    void vxlanClusterTalksAcrossNodesDrawsItselfAndGoes() throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of("target", name);
        Cli.Result run = Cli.run("cluster", "--nodes", "2", "--name", name, "--out", dir.toString());
        assertEquals(0, run.status(), run::toString);
        String out = run.out().replaceAll("\\s+", " ");   // the step log wraps at 80 columns
        assertTrue(out.contains("pod0 -> pod1 10.244.1.2:9000: got \"hello from pod0\""), out);
        assertTrue(out.contains("pod1 -> pod0 10.244.0.2:9000: got \"hello from pod1\""), out);
        assertTrue(out.contains("cluster " + name + ": VXLAN overlay, pods 10.244.0.0/16"), out);
        assertTrue(run.out().contains("|   10.244.1.0/24 via 10.244.1.0 |"), run::toString);
        assertTrue(out.contains("nothing named " + name + "* is left"), out);
        assertTrue(Commands.run("ip", "netns", "list").lines().noneMatch(l -> l.startsWith(name)));
        assertTrue(java.nio.file.Files.readString(dir.resolve("cluster.dot")).contains("subgraph cluster_node1"));
    }

    @Test
    void hostGwKept() {
        Cli.Result run = Cli.run("cluster", "--nodes", "2", "--mode", "host-gw", "--name", name, "--keep");
        assertEquals(0, run.status(), run::toString);
        assertTrue(run.out().contains("host-gw routes"), run::toString);
        assertTrue(Commands.run("ip", "-n", name + "-node0", "route").contains("10.244.1.0/24 via 172.18.0.3 dev eth0"));
        assertTrue(run.out().contains("Remove with: netns ns del " + name + "-node0"), run::toString);
    }

    @Test
    void usage() {
        Cli.Result bad = Cli.run("cluster", "--mode", "flannel");
        assertEquals(NetnsCli.USAGE, bad.status());
        assertTrue(bad.err().contains("--mode must be vxlan or host-gw"), bad::toString);
        Cli.Result tooMany = Cli.run("cluster", "--nodes", "300");
        assertEquals(NetnsCli.USAGE, tooMany.status());
        assertTrue(tooMany.err().contains("have room for 256"), tooMany::toString);
    }
}
