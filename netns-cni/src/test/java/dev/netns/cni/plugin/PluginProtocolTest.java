package dev.netns.cni.plugin;

import dev.netns.cni.spec.ErrorCodes;
import dev.netns.cni.spec.Json;
import dev.netns.cni.spec.JsonObject;
import dev.netns.cni.testing.PluginScript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The protocol answers that need no kernel: VERSION, and the error object (code, message, exit status
 * 1, nothing else on stdout, no stack trace) for bad environments, bad JSON, wrong types, unsupported
 * versions and keys. One case runs the real process to prove the stdout/stderr split.
 */
class PluginProtocolTest {
    @TempDir
    Path dir;

    private static final String CONF = "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"type\":\"netns-bridge\","
            + "\"ipam\":{\"type\":\"host-local\",\"ranges\":[[{\"subnet\":\"10.5.0.0/24\"}]]}}";

    record Answer(int status, JsonObject json) {
    }

    private static Answer call(String command, String stdin) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", "c1");
        env.put("CNI_NETNS", "/run/netns/does-not-exist-" + ProcessHandle.current().pid());
        env.put("CNI_IFNAME", "eth0");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = PluginMain.run(env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        return new Answer(status, Json.parseObject(out.toByteArray()));
    }

    private static void assertError(Answer a, int code, String msgPart) throws Exception {
        assertEquals(1, a.status(), a.json().toString());
        assertEquals(code, a.json().integer("code").getAsInt(), a.json().toString());
        assertTrue(a.json().requireString("msg").contains(msgPart), a.json().toString());
    }

    @Test
    void versionListsTheSupportedVersions() throws Exception {
        Answer a = call("VERSION", "{\"cniVersion\":\"1.0.0\"}");
        assertEquals(0, a.status());
        assertEquals("1.0.0", a.json().requireString("cniVersion"));
        assertEquals(List.of("0.3.1", "0.4.0", "1.0.0", "1.1.0"), a.json().strings("supportedVersions"));
    }

    @Test
    void malformedAndMistypedConfigsAreCode6() throws Exception {
        assertError(call("ADD", "{\"cniVersion\":\"1.0.0\","), ErrorCodes.DECODE_FAILURE, "failed to decode");
        assertError(call("ADD", CONF.replace("\"n\"", "5")), ErrorCodes.DECODE_FAILURE, "name: expected a string, got a number");
        assertError(call("ADD", CONF.replace("\"subnet\":\"10.5.0.0/24\"", "\"subnet\":[]")), ErrorCodes.DECODE_FAILURE,
                "ipam.ranges[0][0].subnet: expected a string");
        assertError(call("DEL", "[]"), ErrorCodes.DECODE_FAILURE, "expected a JSON object");
    }

    @Test
    void environmentVersionAndUnsupportedKeysHaveTheirCodes() throws Exception {
        assertError(call("FROB", CONF), ErrorCodes.INVALID_ENVIRONMENT, "unknown CNI_COMMAND \"FROB\"");
        assertError(call("ADD", CONF.replace("1.0.0", "2.0.0")), ErrorCodes.INCOMPATIBLE_VERSION, "cniVersion 2.0.0");
        assertError(call("GC", CONF), ErrorCodes.INCOMPATIBLE_VERSION, "cniVersion 1.0.0 has no GC");
        assertError(call("ADD", CONF.replace("\"type\":\"netns-bridge\",", "\"type\":\"netns-bridge\",\"ipMasq\":true,")),
                ErrorCodes.UNSUPPORTED_FIELD, "ipMasq");
        assertError(call("ADD", CONF.replace("host-local", "dhcp")), ErrorCodes.UNSUPPORTED_FIELD, "ipam.type");
        assertError(call("ADD", CONF), ErrorCodes.UNKNOWN_CONTAINER, "does not exist");
    }

    @Test
    void unknownKeysAreIgnored() throws Exception {
        String withExtras = CONF.replace("\"type\":\"netns-bridge\",", "\"type\":\"netns-bridge\",\"someday\":{\"x\":[1]},"
                + "\"args\":{\"labels\":{}},\"isGateway\":true,\"isDefaultGateway\":true,\"hairpinMode\":true,\"mtu\":1400,");
        assertError(call("ADD", withExtras), ErrorCodes.UNKNOWN_CONTAINER, "does not exist");
    }

    @Test
    void theProcessPrintsOnlyTheErrorObjectOnStdoutAndLogsToStderrOrAFile() throws Exception {
        Path exe = PluginScript.write(dir.resolve("bin")).resolve("netns-bridge");
        Path log = dir.resolve("plugin.log");
        ProcessBuilder pb = new ProcessBuilder(exe.toString());
        pb.environment().put("CNI_COMMAND", "ADD");
        pb.environment().put("CNI_CONTAINERID", "c1");
        pb.environment().put("CNI_NETNS", "/nonexistent");
        pb.environment().put("CNI_IFNAME", "eth0");
        Process p = pb.start();
        p.getOutputStream().write("{\"cniVersion\":\"1.0.0\", \"name\": tru".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue());
        JsonObject e = Json.parseObject(out.getBytes(StandardCharsets.UTF_8));
        assertEquals(6, e.integer("code").getAsInt());
        assertFalse(out.contains("\tat ") || err.contains("\tat "), "no stack trace: " + out + err);
        assertTrue(err.contains("failed to decode"), "logged on stderr: " + err);

        pb.environment().put("NETNS_CNI_LOG_FILE", log.toString());
        Process q = pb.start();
        q.getOutputStream().write("{\"cniVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
        q.getOutputStream().close();
        q.getInputStream().readAllBytes();
        String err2 = new String(q.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(q.waitFor(60, TimeUnit.SECONDS));
        assertEquals("", err2);
        assertTrue(Files.readString(log).contains("name: required string is missing"), Files.readString(log));
    }
}
