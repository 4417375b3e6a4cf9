package dev.netns.cni.runtime;

import dev.netns.cni.spec.CniError;
import dev.netns.cni.spec.Json;
import dev.netns.cni.spec.JsonObject;
import dev.netns.cni.spec.NetworkConfigList;
import dev.netns.cni.spec.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The runtime's protocol side against small shell-script plugins that record what they were given:
 * environment, stdin config, prevResult and runtimeConfig passing, DEL order, the cache, error objects,
 * time-outs. No kernel state is touched.
 */
class FakePluginTest {
    @TempDir
    Path dir;

    private static final String RESULT = "{\"cniVersion\":\"1.1.0\",\"interfaces\":[{\"name\":\"eth0\",\"sandbox\":\"/x\"}],"
            + "\"ips\":[{\"interface\":0,\"address\":\"10.9.0.2/24\",\"gateway\":\"10.9.0.1\"}]}";

    /** A plugin that appends "TYPE COMMAND" to calls.log, keeps its stdin and env, and prints {@code answer}. */
    private Path plugin(String type, String answer, int exit) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path p = bin.resolve(type);
        Files.writeString(p, "#!/bin/sh\n"
                + "echo \"" + type + " $CNI_COMMAND\" >> " + dir.resolve("calls.log") + "\n"
                + "cat > " + dir.resolve(type) + ".$CNI_COMMAND.stdin\n"
                + "env | grep ^CNI_ | sort > " + dir.resolve(type) + ".$CNI_COMMAND.env\n"
                + "printf '%s' '" + answer + "'\n"
                + "exit " + exit + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private CniRuntime runtime() {
        return CniRuntime.builder().pluginPath(List.of(dir.resolve("bin"))).cacheDirectory(dir.resolve("cache"))
                .timeout(Duration.ofSeconds(2)).build();
    }

    private JsonObject stdin(String type, String command) throws Exception {
        return Json.parseObject(Files.readAllBytes(dir.resolve(type + "." + command + ".stdin")));
    }

    private static NetworkConfigList list(String version) throws Exception {
        return CniRuntime.parse(("{\"cniVersion\":\"" + version + "\",\"name\":\"fake\",\"plugins\":["
                + "{\"type\":\"first\",\"extra\":{\"kept\":true}},"
                + "{\"type\":\"second\",\"capabilities\":{\"portMappings\":true}}]}").getBytes(StandardCharsets.UTF_8), "test");
    }

    private final Attachment web = Attachment.of("c1", Path.of("/run/netns/c1"), "eth0")
            .withArg("K8S_POD_NAME", "web")
            .withCapability(Capabilities.PORT_MAPPINGS, List.of(Capabilities.portMapping(8080, 80, "tcp")))
            .withCapability(Capabilities.BANDWIDTH, Capabilities.bandwidth(1, 2, 3, 4));

    @Test
    void addPassesNameVersionPrevResultAndOnlyDeclaredCapabilities() throws Exception {
        plugin("first", RESULT, 0);
        plugin("second", RESULT.replace("10.9.0.2", "10.9.0.3"), 0);
        Result r = runtime().add(list("1.1.0"), web);
        assertEquals("10.9.0.3/24", r.ips().get(0).address().toString());

        JsonObject first = stdin("first", "ADD");
        assertEquals("fake", first.requireString("name"));
        assertEquals("1.1.0", first.requireString("cniVersion"));
        assertTrue(first.object("extra").orElseThrow().bool("kept", false), "plugin keys pass untouched");
        assertFalse(first.has("prevResult"));
        assertFalse(first.has("runtimeConfig"), "first declares no capability");

        JsonObject second = stdin("second", "ADD");
        assertEquals(Json.parseObject(RESULT.getBytes(StandardCharsets.UTF_8)).asMap(), second.object("prevResult").orElseThrow().asMap());
        JsonObject rc = second.object("runtimeConfig").orElseThrow();
        assertEquals(Set.of("portMappings"), rc.asMap().keySet(), "only the declared capability");
        assertEquals(List.of("CNI_ARGS=K8S_POD_NAME=web", "CNI_COMMAND=ADD", "CNI_CONTAINERID=c1", "CNI_IFNAME=eth0",
                        "CNI_NETNS=/run/netns/c1", "CNI_PATH=" + dir.resolve("bin")),
                Files.readAllLines(dir.resolve("second.ADD.env")));

        Path cached = dir.resolve("cache/results/fake-c1-eth0");
        JsonObject cache = Json.parseObject(Files.readAllBytes(cached));
        assertEquals("cniCacheV1", cache.requireString("kind"));
        assertEquals("fake", cache.requireString("networkName"));
        assertEquals(List.of(List.of("K8S_POD_NAME", "web")), cache.list("cniArgs"));
        assertEquals("10.9.0.3/24", runtime().cachedResult(list("1.1.0"), "c1", "eth0").orElseThrow().ips().get(0).address().toString());
    }

    @Test
    void checkAndDelGetTheCachedResultAndDelRunsInReverse() throws Exception {
        plugin("first", RESULT, 0);
        plugin("second", RESULT, 0);
        CniRuntime cni = runtime();
        cni.add(list("1.0.0"), web);
        plugin("first", "", 0);
        plugin("second", "", 0);
        cni.check(list("1.0.0"), web);
        cni.delete(list("1.0.0"), web);
        assertEquals(List.of("first ADD", "second ADD", "first CHECK", "second CHECK", "second DEL", "first DEL"),
                Files.readAllLines(dir.resolve("calls.log")));
        assertEquals(Json.parseObject(RESULT.getBytes(StandardCharsets.UTF_8)).asMap(),
                stdin("first", "DEL").object("prevResult").orElseThrow().asMap());
        assertFalse(Files.exists(dir.resolve("cache/results/fake-c1-eth0")), "DEL removes the cache entry");
        CniException e = assertThrows(CniException.class, () -> cni.check(list("1.0.0"), web));
        assertTrue(e.getMessage().contains("no cached ADD result"), e.getMessage());
        cni.delete(list("1.0.0"), web);
        assertFalse(stdin("first", "DEL").has("prevResult"), "without a cache, DEL omits prevResult");
    }

    @Test
    void anErrorObjectBecomesATypedExceptionAndAddIsRolledBack() throws Exception {
        plugin("first", RESULT, 0);
        plugin("second", "{\"cniVersion\":\"1.0.0\",\"code\":7,\"msg\":\"bad subnet\",\"details\":\"10.0.0.0/33\"}", 1);
        CniPluginException e = assertThrows(CniPluginException.class, () -> runtime().add(list("1.0.0"), web));
        assertEquals(new CniError("1.0.0", 7, "bad subnet", "10.0.0.0/33"), e.error());
        assertEquals("second", e.plugin());
        assertEquals("ADD c1/eth0 on network fake: plugin second failed with code 7: bad subnet (10.0.0.0/33)", e.getMessage());
        assertEquals(List.of("first ADD", "second ADD", "second DEL", "first DEL"), Files.readAllLines(dir.resolve("calls.log")));
    }

    @Test
    void garbageOutputAndAMissingPluginAreNamed() throws Exception {
        plugin("first", "not json", 0);
        plugin("second", "", 3);
        NetworkConfigList l = list("1.0.0");
        CniException add = assertThrows(CniException.class, () -> runtime().add(l, web));
        assertTrue(add.getMessage().contains("plugin first succeeded but printed no valid JSON"), add.getMessage());
        CniException del = assertThrows(CniException.class, () -> runtime().delete(l, web));
        assertTrue(del.getMessage().contains("plugin second exited with status 3 without an error object"), del.getMessage());
        NetworkConfigList missing = CniRuntime.parse("{\"cniVersion\":\"1.0.0\",\"name\":\"m\",\"type\":\"nowhere\"}"
                .getBytes(StandardCharsets.UTF_8), "test");
        assertTrue(assertThrows(CniException.class, () -> runtime().delete(missing, web)).getMessage()
                .contains("plugin nowhere not found in [" + dir.resolve("bin") + "]"));
    }

    @Test
    void aHungPluginIsKilledWithItsChildren() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path pidFile = dir.resolve("child.pid");
        Files.writeString(bin.resolve("hang"), "#!/bin/sh\nsleep 300 & echo $! > " + pidFile + "\nwait\n");
        Files.setPosixFilePermissions(bin.resolve("hang"), PosixFilePermissions.fromString("rwxr-xr-x"));
        NetworkConfigList l = CniRuntime.parse("{\"cniVersion\":\"1.0.0\",\"name\":\"h\",\"type\":\"hang\"}"
                .getBytes(StandardCharsets.UTF_8), "test");
        CniTimeoutException e = assertThrows(CniTimeoutException.class, () -> runtime().delete(l, web));
        assertEquals("DEL c1/eth0 on network h: plugin hang did not finish within 2000 ms and was killed", e.getMessage());
        long child = Long.parseLong(Files.readString(pidFile).strip());
        assertFalse(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "the plugin's child was killed too");
    }

    @Test
    void gcDeletesStaleCachedAttachmentsAndSendsValidAttachments() throws Exception {
        plugin("first", RESULT, 0);
        plugin("second", RESULT, 0);
        CniRuntime cni = runtime();
        Attachment other = Attachment.of("c2", Path.of("/run/netns/c2"), "eth0");
        cni.add(list("1.1.0"), web);
        cni.add(list("1.1.0"), other);
        cni.gc(list("1.1.0"), Set.of(CniRuntime.AttachmentId.of(other)));
        assertTrue(Files.exists(dir.resolve("cache/results/fake-c2-eth0")));
        assertFalse(Files.exists(dir.resolve("cache/results/fake-c1-eth0")));
        List<String> calls = Files.readAllLines(dir.resolve("calls.log"));
        assertEquals(List.of("second DEL", "first DEL", "first GC", "second GC"), calls.subList(4, 8));
        assertEquals(List.of(Map.of("containerID", "c2", "ifname", "eth0")),
                stdin("first", "GC").list("cni.dev/valid-attachments"));
        assertEquals(List.of("CNI_COMMAND=GC", "CNI_PATH=" + dir.resolve("bin")), Files.readAllLines(dir.resolve("first.GC.env")));
    }

    @Test
    void versionRulesForCheckGcAndStatus() throws Exception {
        plugin("first", "{\"cniVersion\":\"1.1.0\",\"supportedVersions\":[\"1.0.0\",\"1.1.0\"]}", 0);
        plugin("second", "", 0);
        CniRuntime cni = runtime();
        assertEquals(List.of("1.0.0", "1.1.0"), cni.version("first").supportedVersions());
        assertTrue(assertThrows(CniException.class, () -> cni.check(list("0.3.1"), web)).getMessage()
                .contains("has no CHECK"));
        cni.status(list("1.0.0"));
        cni.gc(list("1.0.0"), Set.of());
        assertEquals(List.of("first VERSION"), Files.readAllLines(dir.resolve("calls.log")), "no STATUS/GC before 1.1.0");
        plugin("second", "{\"cniVersion\":\"1.1.0\",\"code\":50,\"msg\":\"no bridge\"}", 1);
        assertEquals(50, assertThrows(CniPluginException.class, () -> cni.status(list("1.1.0"))).code());
    }
}
