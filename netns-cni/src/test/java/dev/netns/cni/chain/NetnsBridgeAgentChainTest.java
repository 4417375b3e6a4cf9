package dev.netns.cni.chain;

import dev.netns.cni.runtime.CniRuntime;
import org.junit.jupiter.api.AfterEach;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chain contract with netns-bridge calls handed to a resident agent running in the sandbox node
 * ({@code netns-bridge agent FILE}) by the bash launcher, no JVM on the caller's side: the launcher's
 * JVM fallback is off ({@code NETNS_CNI_FALLBACK=off}), so a call the agent did not serve fails, and
 * the agent's debug log counts the calls it served.
 */
class NetnsBridgeAgentChainTest extends NetnsBridgeChainTest {
    private Process agent;
    private Path announcement;
    private Path agentLog;

    @Override
    CniRuntime runtime(Path bridgeDirectory, Path reference) {
        announcement = sandbox.dir().resolve("agent/agent");
        agentLog = sandbox.dir().resolve("agent.log");
        try {
            ProcessBuilder pb = new ProcessBuilder(bridgeDirectory.resolve("netns-bridge").toString(), "agent", announcement.toString())
                    .redirectErrorStream(true).redirectOutput(agentLog.toFile());
            pb.environment().put("NETNS_CNI_LOG_LEVEL", "debug");
            agent = sandbox.node().start(pb);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(announcement) && System.nanoTime() < deadline && agent.isAlive()) {
                Thread.sleep(50);
            }
            assertTrue(Files.exists(announcement), "agent did not start: " + Files.readString(agentLog));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return CniRuntime.builder().pluginPath(List.of(bridgeDirectory, reference)).cacheDirectory(sandbox.dir().resolve("cache"))
                .timeout(Duration.ofSeconds(30)).launcher(pb -> {
                    pb.environment().put("NETNS_CNI_AGENT", announcement.toString());
                    pb.environment().put("NETNS_CNI_FALLBACK", "off");
                    return sandbox.node().start(pb);
                }).build();
    }

    @AfterEach
    void stopAgent() throws Exception {
        if (agent != null) {
            String log = Files.readString(agentLog);
            agent.destroy();
            if (!agent.waitFor(10, TimeUnit.SECONDS)) {
                agent.destroyForcibly();
                agent.waitFor(10, TimeUnit.SECONDS);
            }
            assertTrue(log.contains("agent call ADD "), "calls went through the agent: " + log);
            assertFalse(log.contains("without the token"), log);
        }
    }
}
