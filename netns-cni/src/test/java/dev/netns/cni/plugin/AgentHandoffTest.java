package dev.netns.cni.plugin;

import dev.netns.NetworkNamespace;
import dev.netns.cni.testing.CniSandbox;
import dev.netns.witness.Commands;
import dev.netns.cni.testing.PluginScript;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher's hand-off to the resident agent, and its fallback to a JVM of its own: the agent runs
 * in a sandbox node, the launcher is the real one; the agent's log counts the calls it served, and
 * {@code NETNS_CNI_FALLBACK=off} makes a call that was not handed over fail with code 100.
 */
class AgentHandoffTest {
    private static final String CONF = "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"type\":\"netns-bridge\"}";
    private CniSandbox sandbox;
    private Path exe;
    private Path file;
    private Path log;
    private Process agent;

    record Answer(int status, String out) {
    }

    @BeforeEach
    void startAgent() throws Exception {
        sandbox = new CniSandbox();
        exe = PluginScript.write(sandbox.dir().resolve("bin")).resolve("netns-bridge");
        file = sandbox.dir().resolve("agent/agent");
        log = sandbox.dir().resolve("agent.log");
        ProcessBuilder pb = new ProcessBuilder(exe.toString(), "agent", file.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("NETNS_CNI_LOG_LEVEL", "debug");
        agent = sandbox.node().start(pb);
        for (int i = 0; i < 600 && !Files.exists(file) && agent.isAlive(); i++) {
            Thread.sleep(100);
        }
        assertTrue(Files.exists(file), "agent did not start: " + Files.readString(log));
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (agent.isAlive()) {
                agent.destroy();
                if (!agent.waitFor(10, TimeUnit.SECONDS)) {
                    agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } finally {
            sandbox.close();
        }
    }

    private Answer version(NetworkNamespace where, Path announcement, boolean fallback) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(exe.toString()).redirectError(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = pb.environment();
        env.put("CNI_COMMAND", "VERSION");
        env.put("NETNS_CNI_AGENT", announcement.toString());
        env.put("NETNS_CNI_FALLBACK", fallback ? "on" : "off");
        Process p = where.start(pb);
        p.getOutputStream().write(CONF.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Answer(p.exitValue(), out);
    }

    private int served() throws Exception {
        Matcher m = Pattern.compile("agent call \\S+ \\S* \\(served (\\d+)\\)").matcher(Files.readString(log));
        int n = 0;
        while (m.find()) {
            n = Integer.parseInt(m.group(1));
        }
        return n;
    }

    private static void assertVersionAnswer(Answer a) {
        assertEquals(0, a.status(), a.out());
        assertTrue(a.out().contains("\"supportedVersions\""), a.out());
    }

    private static void assertNotServed(Answer a) {
        assertEquals(1, a.status(), a.out());
        assertTrue(a.out().contains("\"code\":100") && a.out().contains("no agent served this call"), a.out());
    }

    @Test
    void theAgentServesTheCallAndAnnouncesItselfToRootOnly() throws Exception {
        assertVersionAnswer(version(sandbox.node(), file, false));
        assertEquals(1, served());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        String inode = Commands.run("ip", "netns", "exec", sandbox.nodeName(), "stat", "-L", "-c", "%i", "/proc/self/ns/net").strip();
        assertTrue(Files.readString(file).matches("\\d+ [0-9a-f]{64} " + inode + "\n"), Files.readString(file));
    }

    @Test
    void aWrongTokenIsRefusedAndTheCallRunsInAJvm() throws Exception {
        String[] words = Files.readString(file).strip().split(" ");
        Path forged = sandbox.dir().resolve("forged");
        Files.writeString(forged, words[0] + " " + "0".repeat(64) + " " + words[2] + "\n");
        assertNotServed(version(sandbox.node(), forged, false));
        assertVersionAnswer(version(sandbox.node(), forged, true));
        assertEquals(0, served());
        assertTrue(Files.readString(log).contains("a connection without the token"), Files.readString(log));
    }

    @Test
    void aCallerInAnotherNetworkNamespaceRunsTheCallInAJvm() throws Exception {
        NetworkNamespace elsewhere = sandbox.container("elsewhere");
        assertNotServed(version(elsewhere, file, false));
        assertVersionAnswer(version(elsewhere, file, true));
        assertEquals(0, served());
    }

    @Test
    void aStaleFileOrAStoppedAgentMeansAJvm() throws Exception {
        agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        assertTrue(Files.exists(file), "a killed agent leaves its file behind");
        assertNotServed(version(sandbox.node(), file, false));
        assertVersionAnswer(version(sandbox.node(), file, true));
        assertNotServed(version(sandbox.node(), sandbox.dir().resolve("none"), false));
    }

    @Test
    void aStoppedAgentRemovesItsFile() throws Exception {
        agent.destroy();
        assertTrue(agent.waitFor(10, TimeUnit.SECONDS));
        assertFalse(Files.exists(file));
    }
}
