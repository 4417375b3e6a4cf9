package dev.netns.testkit;

import dev.netns.Pod;
import dev.netns.PodNetwork;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's example test runs and passes, and is the same text as in the README, so the README cannot rot. */
@KernelTest
class ReadmeTest {

    // README:begin
    @Example
    @NetnsTest
    static class PodToPodTest {
        @PodNet(subnet = "10.244.1.0/24", bridge = "cni0")
        static PodNetwork net;          // one sandbox node with a bridge, for the whole class

        @TestPod("web")
        Pod web;                        // a new pod "web" on that network for every test

        @Test
        void clientReachesWebOnlyWhereItListens(@TestPod("client") Pod client) throws Exception {
            try (EchoServer tcp = EchoServer.tcp(web.namespace(), 8080);          // listen inside pod "web"
                 EchoServer udp = EchoServer.udp(web.namespace(), 5353)) {
                Probes.assertReachable(client, web, tcp.port());                  // TCP from pod "client"
                Probes.assertUnreachable(client, web, 9090);                      // refused, within 1 s
                Probes.assertUdpEcho(client.namespace(), web.address(), udp.port());
            }
        }
    }
    // README:end

    @Test
    void exampleRunsAndPasses() {
        EngineExecutionResults r = Examples.run(PodToPodTest.class);
        Examples.assertNoFailures(r);
        r.testEvents().assertStatistics(s -> s.succeeded(1));
    }

    @Test
    void readmeShowsThisExampleVerbatim() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String block = readme.substring(readme.indexOf("@NetnsTest\nclass PodToPodTest {"));
        block = block.substring(0, block.indexOf("\n```"));
        String source = Files.readString(Path.of("src/test/java/dev/netns/testkit/ReadmeTest.java"));
        String here = source.substring(source.indexOf("    // README:begin\n") + "    // README:begin\n".length(),
                source.indexOf("    // README:end"));
        String normalized = String.join("\n", here.lines()
                .filter(l -> !l.strip().equals("@Example"))
                .map(l -> l.startsWith("    ") ? l.substring(4) : l)
                .map(l -> l.replace("static class PodToPodTest", "class PodToPodTest"))
                .toList());
        assertEquals(block.strip(), normalized.strip());
    }

    @Example
    @NetnsTest
    static class RefusedMessage {
        static String message;

        @Test
        void refused(@TestPod("client") Pod client, @TestPod("web") Pod web) throws Exception {
            message = assertThrows(AssertionError.class, () -> Probes.assertReachable(client, web, 9090)).getMessage();
        }
    }

    @Test
    void failureMessageLooksAsTheReadmeSays() {
        Examples.assertNoFailures(Examples.run(RefusedMessage.class));
        String m = RefusedMessage.message;
        List<String> parts = List.of("TCP 10.244.1.3:9090 is not reachable from namespace tk-", "-client (net:[",
                "]): AnnotatedConnectException: Connection refused: /10.244.1.3:9090");
        for (String part : parts) {
            assertTrue(m.contains(part), m);
        }
    }
}
