package dev.netns.cni.chain;

import dev.netns.NetworkNamespace;
import dev.netns.cni.runtime.Attachment;
import dev.netns.cni.runtime.CniPluginException;
import dev.netns.cni.runtime.CniRuntime;
import dev.netns.cni.spec.ErrorCodes;
import dev.netns.cni.spec.NetworkConfigList;
import dev.netns.cni.spec.Result;
import dev.netns.cni.testing.CniSandbox;
import dev.netns.cni.testing.DebianPackages;
import dev.netns.cni.testing.PluginScript;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What netns-bridge does beyond the shared contract: GC, STATUS, VERSION, DEL without a network, host-local interop. */
class NetnsBridgePluginTest {
    private CniSandbox sandbox;
    private CniRuntime cni;
    private String network;

    @BeforeEach
    void setUp() throws Exception {
        Path reference = DebianPackages.referencePlugins();
        sandbox = new CniSandbox();
        cni = sandbox.runtime(PluginScript.write(sandbox.dir().resolve("bin")), reference);
        network = CniSandbox.uniqueName("net");
    }

    @AfterEach
    void tearDown() throws Exception {
        sandbox.close();
    }

    private NetworkConfigList list(String version, String type, Path dataDir) throws Exception {
        return list(version, type, dataDir, "");
    }

    /** {@code extra}: further plugin keys, each followed by a comma. */
    private NetworkConfigList list(String version, String type, Path dataDir, String extra) throws Exception {
        return CniRuntime.parse("""
                {"cniVersion": "%s", "name": "%s", "plugins": [{"type": "%s", "bridge": "cnitest1", "isGateway": true, %s
                  "ipam": {"type": "host-local", "dataDir": "%s", "ranges": [[{"subnet": "10.78.0.0/24"}]]}}]}"""
                .formatted(version, network, type, extra, dataDir).getBytes(StandardCharsets.UTF_8), "test");
    }

    private Path ipam() {
        return sandbox.dir().resolve("ipam");
    }

    private static Attachment attachment(NetworkNamespace c) {
        return Attachment.of(c.name().orElseThrow(), c.path(), "eth0");
    }

    @Test
    void gcReleasesEveryAttachmentNotValidEvenWithoutACacheEntry() throws Exception {
        NetworkConfigList l = list("1.1.0", "netns-bridge", ipam());
        NetworkNamespace c1 = sandbox.container("c1");
        NetworkNamespace c2 = sandbox.container("c2");
        Result r1 = cni.add(l, attachment(c1));
        Result r2 = cni.add(l, attachment(c2));
        String host2 = r2.interfaces().get(1).name();
        // the runtime forgot c2 (its cache is gone), so only the plugin's own GC can release it
        Files.delete(sandbox.dir().resolve("cache/results").resolve(network + "-" + c2.name().orElseThrow() + "-eth0"));

        cni.gc(l, Set.of(CniRuntime.AttachmentId.of(attachment(c1))));

        Path dir = ipam().resolve(network);
        assertFalse(Files.exists(dir.resolve(r2.ips().get(0).address().address().getHostAddress())), "c2's address released");
        assertTrue(Files.exists(dir.resolve(r1.ips().get(0).address().address().getHostAddress())), "c1's address kept");
        String links = CniSandbox.ip(sandbox.node(), "-j", "link", "show");
        assertFalse(links.contains("\"ifname\":\"" + host2 + "\""), "c2's host end deleted");
        assertTrue(links.contains("\"ifname\":\"" + r1.interfaces().get(1).name() + "\""));
        assertFalse(CniSandbox.ip(c2, "-j", "link", "show").contains("eth0"), "c2's eth0 went with its veth");
        cni.check(l, attachment(c1));
    }

    @Test
    void promiscModePutsTheBridgeInPromiscuousMode() throws Exception {
        NetworkNamespace c1 = sandbox.container("c1");
        NetworkNamespace c2 = sandbox.container("c2");
        cni.add(list("1.1.0", "netns-bridge", ipam()), attachment(c1));
        String plain = CniSandbox.ip(sandbox.node(), "-j", "-d", "link", "show", "cnitest1");
        assertTrue(plain.contains("\"promiscuity\":0"), plain);
        assertFalse(plain.contains("\"PROMISC\""), plain);

        cni.add(list("1.1.0", "netns-bridge", ipam(), "\"promiscMode\": true,"), attachment(c2));
        String promisc = CniSandbox.ip(sandbox.node(), "-j", "-d", "link", "show", "cnitest1");
        assertTrue(promisc.contains("\"PROMISC\""), promisc);
        assertTrue(promisc.contains("\"promiscuity\":1"), promisc);
        cni.check(list("1.1.0", "netns-bridge", ipam(), "\"promiscMode\": true,"), attachment(c2));
        cni.delete(list("1.1.0", "netns-bridge", ipam(), "\"promiscMode\": true,"), attachment(c2));
        cni.delete(list("1.1.0", "netns-bridge", ipam()), attachment(c1));
    }

    @Test
    void statusVersionAndDelOfANetworkThatNeverExisted() throws Exception {
        NetworkConfigList l = list("1.1.0", "netns-bridge", ipam());
        cni.status(l);
        assertTrue(cni.version("netns-bridge").supportedVersions().containsAll(List.of("1.0.0", "1.1.0")));

        NetworkNamespace c1 = sandbox.container("c1");
        cni.delete(l, attachment(c1));
        assertFalse(CniSandbox.ip(sandbox.node(), "-j", "link", "show").contains("cnitest1"), "DEL made no bridge");

        Path notADirectory = Files.writeString(sandbox.dir().resolve("file"), "x");
        CniPluginException e = assertThrows(CniPluginException.class,
                () -> cni.status(list("1.1.0", "netns-bridge", notADirectory.resolve("sub"))));
        assertEquals(ErrorCodes.NOT_AVAILABLE, e.code());
    }

    @Test
    void sharesTheNetworkWithTheReferencePluginsWithoutDoubleBooking() throws Exception {
        NetworkNamespace c1 = sandbox.container("c1");
        NetworkNamespace c2 = sandbox.container("c2");
        Result ref = cni.add(list("1.0.0", "bridge", ipam()), attachment(c1));
        Result ours = cni.add(list("1.0.0", "netns-bridge", ipam()), attachment(c2));
        assertNotEquals(ref.ips().get(0).address(), ours.ips().get(0).address());
        try (var server = c1.call(() -> new java.net.ServerSocket(81, 10, ref.ips().get(0).address().address()))) {
            server.setSoTimeout(10_000);
            c2.run(() -> BridgeChainContract.connect(new java.net.InetSocketAddress(ref.ips().get(0).address().address(), 81)));
            server.accept().close();
        }
        cni.delete(list("1.0.0", "netns-bridge", ipam()), attachment(c2));
        cni.delete(list("1.0.0", "bridge", ipam()), attachment(c1));
    }

    private NetworkConfigList ranged(String type, String range) throws Exception {
        return CniRuntime.parse("""
                {"cniVersion": "1.0.0", "name": "%s", "plugins": [{"type": "%s", "bridge": "cnitest1", "isGateway": true,
                  "ipam": {"type": "host-local", "dataDir": "%s", "ranges": [[{"subnet": "10.78.0.0/24", %s}]]}}]}"""
                .formatted(network, type, ipam(), range).getBytes(StandardCharsets.UTF_8), "test");
    }

    @Test
    void aNarrowRangeWithTheGatewayInsideIsRespectedByBothPluginsInTurn() throws Exception {
        String range = "\"rangeStart\": \"10.78.0.10\", \"rangeEnd\": \"10.78.0.12\", \"gateway\": \"10.78.0.11\"";
        NetworkConfigList ref = ranged("bridge", range);
        NetworkConfigList ours = ranged("netns-bridge", range);
        NetworkNamespace c1 = sandbox.container("c1");
        NetworkNamespace c2 = sandbox.container("c2");
        NetworkNamespace c3 = sandbox.container("c3");
        NetworkNamespace c4 = sandbox.container("c4");
        assertEquals("10.78.0.10", cni.add(ref, attachment(c1)).ips().get(0).address().address().getHostAddress());
        Result second = cni.add(ours, attachment(c2));
        assertEquals("10.78.0.12/24", second.ips().get(0).address().toString(), "the gateway .11 is skipped");
        assertEquals("10.78.0.11", second.ips().get(0).gateway().orElseThrow().getHostAddress());
        assertTrue(CniSandbox.ip(sandbox.node(), "-j", "addr", "show", "dev", "cnitest1").contains("\"local\":\"10.78.0.11\""));
        // the range is full for both
        CniPluginException full = assertThrows(CniPluginException.class, () -> cni.add(ours, attachment(c3)));
        assertTrue(full.msg().contains("range 10.78.0.10-10.78.0.12 of subnet 10.78.0.0/24 is exhausted"), full.getMessage());
        assertThrows(CniPluginException.class, () -> cni.add(ref, attachment(c4)));
        // ours releases .12; host-local continues after the last reservation (ours) and finds it
        cni.delete(ours, attachment(c2));
        assertEquals("10.78.0.12", cni.add(ref, attachment(c3)).ips().get(0).address().address().getHostAddress());
        assertEquals(Set.of("10.78.0.10", "10.78.0.12", "last_reserved_ip.0", "lock"), listing(ipam().resolve(network)));
        cni.delete(ref, attachment(c3));
        cni.delete(ref, attachment(c1));
    }

    @Test
    void rangesOutsideTheSubnetOrBackwardsAreInvalidConfigNamingTheKey() throws Exception {
        NetworkNamespace c1 = sandbox.container("c1");
        CniPluginException e = assertThrows(CniPluginException.class,
                () -> cni.add(ranged("netns-bridge", "\"rangeStart\": \"10.79.0.10\""), attachment(c1)));
        assertEquals(ErrorCodes.INVALID_CONFIG, e.code());
        assertEquals("ipam.ranges[0][0].rangeStart: range start 10.79.0.10 is not in subnet 10.78.0.0/24", e.msg());
        e = assertThrows(CniPluginException.class,
                () -> cni.add(ranged("netns-bridge", "\"rangeStart\": \"10.78.0.20\", \"rangeEnd\": \"10.78.0.10\""), attachment(c1)));
        assertEquals(ErrorCodes.INVALID_CONFIG, e.code());
        assertEquals("ipam.ranges[0][0].rangeStart: range start 10.78.0.20 is after range end 10.78.0.10 in subnet 10.78.0.0/24",
                e.msg());
        e = assertThrows(CniPluginException.class,
                () -> cni.add(ranged("netns-bridge", "\"rangeEnd\": \"10.78.0.255\""), attachment(c1)));
        assertEquals("ipam.ranges[0][0].rangeEnd: range end 10.78.0.255 is the broadcast address of subnet 10.78.0.0/24, not a"
                + " host address", e.msg());
        assertFalse(CniSandbox.ip(c1, "-j", "link", "show").contains("eth0"), "nothing half-made");
        assertFalse(CniSandbox.ip(sandbox.node(), "-j", "link", "show").contains("cnitest1"), "no bridge made");
    }

    @Test
    void oneNetworkKeepsItsIsGatewayChoice() throws Exception {
        NetworkNamespace c1 = sandbox.container("c1");
        NetworkNamespace c2 = sandbox.container("c2");
        cni.add(list("1.0.0", "netns-bridge", ipam()), attachment(c1));
        NetworkConfigList without = CniRuntime.parse("""
                {"cniVersion": "1.0.0", "name": "%s", "plugins": [{"type": "netns-bridge", "bridge": "cnitest1", "isGateway": false,
                  "ipam": {"type": "host-local", "dataDir": "%s", "ranges": [[{"subnet": "10.78.0.0/24"}]]}}]}"""
                .formatted(network, ipam()).getBytes(StandardCharsets.UTF_8), "test");
        CniPluginException e = assertThrows(CniPluginException.class, () -> cni.add(without, attachment(c2)));
        assertEquals(100, e.code());
        assertTrue(e.msg().contains("was made with the gateway addresses on bridge cnitest1") && e.msg().contains("isGateway true"),
                e.msg());
        assertFalse(CniSandbox.ip(c2, "-j", "link", "show").contains("eth0"), "nothing half-made");
        assertTrue(CniSandbox.ip(sandbox.node(), "-j", "addr", "show", "dev", "cnitest1").contains("\"local\":\"10.78.0.1\""));
        cni.delete(list("1.0.0", "netns-bridge", ipam()), attachment(c1));
    }

    private static Set<String> listing(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
        }
    }
}
