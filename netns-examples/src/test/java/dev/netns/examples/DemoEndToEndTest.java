package dev.netns.examples;

import dev.netns.witness.Commands;
import dev.netns.witness.Ip;
import dev.netns.testkit.KernelTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo end to end, in this JVM with its output captured: every step reported, the HTTP answer
 * over the pod's localhost, TCP pod to pod both ways and pod to node, the pictures written, and
 * afterwards nothing left, as iproute2 sees it.
 */
@KernelTest
class DemoEndToEndTest {
    private final String prefix = "netns-demo-" + ProcessHandle.current().pid();
    private List<String> rootLinksBefore;

    @BeforeEach
    void snapshot() {
        rootLinksBefore = rootLinks();
    }

    @AfterEach
    void cleanup() {
        Ip.netnsDeleteAll(prefix);
    }

    @Test
    void runsEveryStepAndLeavesNothing(@TempDir Path out) throws Exception {
        Cli.Result r = Cli.run("demo", "--out", out.toString());
        assertEquals(0, r.status(), r::toString);
        assertEquals("", r.err(), r::toString);
        String text = r.out();
        String flat = text.replaceAll("\n {13}", " ");   // the account wraps long lines under the action column

        int at = 0;
        for (String step : List.of("Step 1/5  A sandbox node namespace", "Step 2/5  A pod network on the node",
                "Step 3/5  Pod \"mypod\"", "Step 4/5  Pod to pod over the bridge, pod to node", "Step 5/5  The picture", "Teardown")) {
            int next = text.indexOf(step, at);
            assertTrue(next >= 0, () -> "missing or out of order: " + step + "\n" + r);
            at = next;
        }
        assertTrue(flat.contains("created named namespace " + prefix + " at /run/netns/" + prefix), r::toString);
        assertTrue(flat.contains("bridge cni0 up in " + prefix + ", gateway 10.244.1.1/24"), r::toString);
        assertTrue(flat.contains("its network namespace is /run/netns/" + prefix + "-mypod (listed by 'ip netns list')"), r::toString);
        assertTrue(flat.contains("GET http://127.0.0.1:8080/hello.txt -> HTTP/1.") && flat.contains(" 200 OK, body \"hello from mypod\""), r::toString);
        assertTrue(flat.contains("the same GET from the node namespace: connection refused"), r::toString);
        assertPeer(flat, "otherpod -> mypod at 10.244.1.2:9000", "10.244.1.3");
        assertPeer(flat, "mypod -> otherpod at 10.244.1.3:9000", "10.244.1.2");
        assertPeer(flat, "mypod -> the node (gateway on cni0) at 10.244.1.1:9000", "10.244.1.2");
        assertTrue(flat.contains("verified: nothing left"), r::toString);
        // every action is timed
        assertTrue(Pattern.compile("^ +\\d+\\.\\d+ (ms|s)  created named namespace", Pattern.MULTILINE).matcher(text).find(), r::toString);
        assertTrue(text.lines().noneMatch(l -> l.contains("\u001b[")), "no ANSI codes when not on a terminal");

        // the diagram and the files
        assertTrue(text.contains("+- node namespace " + prefix + " "), r::toString);
        assertTrue(text.contains("| eth0 10.244.1.2/24"), r::toString);
        String dot = Files.readString(out.resolve("topology.dot"));
        assertTrue(dot.startsWith("// netns pod network") && dot.contains("pod mypod") && dot.contains("pod otherpod"), dot);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        assertEquals("svg", f.newDocumentBuilder().parse(out.resolve("topology.svg").toFile()).getDocumentElement().getTagName());

        // nothing left, as iproute2 sees it
        assertTrue(Ip.netnsList().stream().noneMatch(n -> n.startsWith(prefix)), () -> "left: " + Ip.netnsList());
        assertEquals(rootLinksBefore, rootLinks(), "the root namespace's links are unchanged");
        assertFalse(Files.exists(Path.of("/run/netns/" + prefix + "-mypod")));
    }

    @Test
    void keepLeavesTheTopologyForIpNetnsAndPodDelRemovesIt(@TempDir Path out) {
        Cli.Result r = Cli.run("demo", "--keep", "--out", out.toString());
        assertEquals(0, r.status(), r::toString);
        assertFalse(r.out().contains("Teardown"), r::toString);
        assertTrue(r.out().contains("ip netns exec " + prefix + "-mypod ip -br addr"), r::toString);
        assertTrue(r.out().contains("ip netns del " + prefix + "-mypod; ip netns del " + prefix + "-otherpod; ip netns del " + prefix), r::toString);

        // what the printed commands would show
        assertTrue(Ip.netnsList().containsAll(List.of(prefix, prefix + "-mypod", prefix + "-otherpod")), () -> Ip.netnsList().toString());
        assertTrue(Commands.run("ip", "netns", "exec", prefix + "-mypod", "ip", "-br", "addr").contains("10.244.1.2/24"));
        assertEquals(2, Commands.run("ip", "netns", "exec", prefix, "ip", "-br", "link", "show", "master", "cni0").lines().count());

        // the kept demo is a pod network the pod commands understand
        Cli.Result list = Cli.run("pod", "list", "--node", prefix);
        assertTrue(list.out().contains("2 pods") && list.out().contains("mypod") && list.out().contains("otherpod"), list::toString);
        Cli.Result del = Cli.run("pod", "del", "--all", "--node", prefix);
        assertEquals(0, del.status(), del::toString);
        assertTrue(Ip.netnsList().stream().noneMatch(n -> n.startsWith(prefix)), () -> "left: " + Ip.netnsList());
        assertEquals(rootLinksBefore, rootLinks());
    }

    @Test
    void aLeftoverFromAnEarlierRunIsNamedNotClobbered(@TempDir Path out) {
        Commands.run("ip", "netns", "add", prefix + "-mypod");
        Cli.Result r = Cli.run("demo", "--out", out.toString());
        assertEquals(1, r.status(), r::toString);
        assertTrue(r.err().startsWith("netns: namespaces from an earlier run with the same name exist (" + prefix + "-mypod)"), r::toString);
        assertTrue(Ip.netnsList().contains(prefix + "-mypod"), "left alone");
    }

    private static void assertPeer(String flat, String exchange, String peer) {
        Matcher m = Pattern.compile(Pattern.quote("TCP " + exchange + ": the server saw peer ") + "([0-9.]+):\\d+").matcher(flat);
        assertTrue(m.find(), () -> "no '" + exchange + "' in\n" + flat);
        assertEquals(peer, m.group(1), exchange);
    }

    /** The link names of this JVM's own (the machine's) namespace, as {@code ip -j link show} reads them. */
    private static List<String> rootLinks() {
        return Ip.links().stream().map(Ip.Link::name).sorted().toList();
    }
}
