package dev.netns.cni.chain;

import dev.netns.IpPrefix;
import dev.netns.NetworkNamespace;
import dev.netns.cni.runtime.Attachment;
import dev.netns.cni.runtime.CniRuntime;
import dev.netns.cni.spec.Json;
import dev.netns.cni.spec.NetworkConfigList;
import dev.netns.cni.spec.Result;
import dev.netns.cni.testing.CniSandbox;
import dev.netns.cni.testing.DebianPackages;
import dev.netns.cni.testing.PluginScript;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * netns-bridge and the reference {@code bridge} + {@code host-local} side by side on one configuration,
 * each in a sandbox node of its own: the results (addresses, gateways, routes) and what {@code ip -j}
 * shows in the containers and on the bridges must be the same, for the gateway options and dual stack.
 */
class ReferenceParityTest {
    static final String BRIDGE = "cnipar0";
    private CniSandbox refNode;
    private CniSandbox ourNode;
    private CniRuntime reference;
    private CniRuntime ours;

    @BeforeEach
    void setUp() throws Exception {
        Path plugins = DebianPackages.referencePlugins();
        refNode = new CniSandbox();
        ourNode = new CniSandbox();
        reference = refNode.runtime(plugins);
        ours = ourNode.runtime(PluginScript.write(ourNode.dir().resolve("bin")), plugins);
    }

    @AfterEach
    void tearDown() throws Exception {
        try (CniSandbox a = refNode; CniSandbox b = ourNode) {
            // both removed, also after a failure
        }
    }

    /** The configuration for one side: {@code keys} are bridge keys, {@code ipam} the ipam keys besides type and dataDir. */
    private static NetworkConfigList list(String type, CniSandbox node, String keys, String ipam) throws Exception {
        return CniRuntime.parse("""
                {"cniVersion": "1.0.0", "name": "par", "plugins": [{"type": "%s", "bridge": "%s", %s
                  "ipam": {"type": "host-local", "dataDir": "%s", %s}}]}"""
                .formatted(type, BRIDGE, keys, node.dir().resolve("ipam"), ipam).getBytes(StandardCharsets.UTF_8), "test");
    }

    /** What one side made for one container, as comparable text. */
    record Seen(List<String> ips, List<String> routes, TreeSet<String> podAddresses, TreeSet<String> podRoutes,
                TreeSet<String> bridgeAddresses) {
    }

    /** ADD on both sides with the same configuration, CHECK on both; returns both sides' views after asserting they agree. */
    private Seen[] addOnBoth(String keys, String ipam) throws Exception {
        Seen[] seen = new Seen[2];
        CniSandbox[] nodes = {refNode, ourNode};
        CniRuntime[] runtimes = {reference, ours};
        String[] types = {"bridge", "netns-bridge"};
        for (int i = 0; i < 2; i++) {
            NetworkConfigList l = list(types[i], nodes[i], keys, ipam);
            NetworkNamespace c = nodes[i].container("c");
            Attachment a = Attachment.of(c.name().orElseThrow(), c.path(), "eth0");
            Result r = runtimes[i].add(l, a);
            assertEquals(List.of(BRIDGE, "eth0"), List.of(r.interfaces().get(0).name(), r.interfaces().get(2).name()), types[i]);
            assertEquals(c.path().toString(), r.interfaces().get(2).sandbox().orElseThrow());
            runtimes[i].check(l, a);
            seen[i] = new Seen(r.ips().stream().map(ip -> ip.address() + " gw " + ip.gateway().map(IpPrefix::format).orElse("-")
                            + " if " + ip.interfaceIndex()).toList(),
                    r.routes().stream().map(rt -> rt.dst() + " via " + rt.gw().map(IpPrefix::format).orElse("-")).toList(),
                    addresses(CniSandbox.ip(c, "-j", "addr", "show", "dev", "eth0")),
                    routes(CniSandbox.ip(c, "-j", "-4", "route", "show"), CniSandbox.ip(c, "-j", "-6", "route", "show")),
                    addresses(CniSandbox.ip(nodes[i].node(), "-j", "addr", "show", "dev", BRIDGE)));
        }
        assertEquals(seen[0], seen[1], "reference (first) and netns-bridge (second) differ");
        return seen;
    }

    /** Global addresses in {@code ip -j addr} output, as {@code ADDRESS/LEN}. */
    private static TreeSet<String> addresses(String ipJson) throws Exception {
        TreeSet<String> out = new TreeSet<>();
        for (Object link : (List<?>) Json.parse(ipJson.getBytes(StandardCharsets.UTF_8))) {
            for (Object info : (List<?>) ((Map<?, ?>) link).get("addr_info")) {
                Map<?, ?> a = (Map<?, ?>) info;
                if (!"link".equals(a.get("scope"))) {
                    out.add(a.get("local") + "/" + a.get("prefixlen"));
                }
            }
        }
        return out;
    }

    /** Routes in {@code ip -j route} output other than IPv6 link-local ones, as {@code DST via GW}. */
    private static TreeSet<String> routes(String... ipJson) throws Exception {
        TreeSet<String> out = new TreeSet<>();
        for (String json : ipJson) {
            for (Object route : (List<?>) Json.parse(json.getBytes(StandardCharsets.UTF_8))) {
                Map<?, ?> r = (Map<?, ?>) route;
                String dst = String.valueOf(r.get("dst"));
                if (!dst.startsWith("fe80:") && !"multicast".equals(r.get("type"))) {
                    out.add(dst + " via " + (r.get("gateway") == null ? "-" : r.get("gateway")));
                }
            }
        }
        return out;
    }

    @Test
    void isGatewayFalseLeavesTheBridgeWithoutAddressAndThePodWithoutDefaultRoute() throws Exception {
        Seen s = addOnBoth("\"isGateway\": false,", "\"ranges\": [[{\"subnet\": \"10.81.0.0/24\"}]]")[1];
        assertEquals(new TreeSet<>(), s.bridgeAddresses());
        assertEquals(List.of("10.81.0.2/24 gw 10.81.0.1 if OptionalInt[2]"), s.ips());
        assertEquals(new TreeSet<>(List.of("10.81.0.2/24")), s.podAddresses());
        assertEquals(new TreeSet<>(List.of("10.81.0.0/24 via -")), s.podRoutes());
        String alias = CniSandbox.ip(ourNode.node(), "-j", "-d", "link", "show", BRIDGE);
        assertTrue(alias.contains("no-gateway 10.81.0.0/24"), alias);
    }

    @Test
    void isGatewayFalseWithIpamRoutesRoutesViaTheGatewayAddress() throws Exception {
        Seen s = addOnBoth("\"isGateway\": false,", "\"ranges\": [[{\"subnet\": \"10.82.0.0/24\"}]], "
                + "\"routes\": [{\"dst\": \"0.0.0.0/0\"}, {\"dst\": \"192.168.7.0/24\", \"gw\": \"10.82.0.9\"}]")[1];
        assertEquals(new TreeSet<>(), s.bridgeAddresses());
        assertEquals(List.of("0.0.0.0/0 via -", "192.168.7.0/24 via 10.82.0.9"), s.routes());
        assertTrue(s.podRoutes().containsAll(List.of("default via 10.82.0.1", "192.168.7.0/24 via 10.82.0.9")), s.toString());
    }

    @Test
    void isGatewayWithoutIsDefaultGatewayAddsNoDefaultRouteAndIsDefaultGatewayDoes() throws Exception {
        Seen plain = addOnBoth("\"isGateway\": true,", "\"ranges\": [[{\"subnet\": \"10.83.0.0/24\"}]]")[1];
        assertEquals(new TreeSet<>(List.of("10.83.0.1/24")), plain.bridgeAddresses());
        assertEquals(List.of(), plain.routes());
        assertEquals(new TreeSet<>(List.of("10.83.0.0/24 via -")), plain.podRoutes());

        Seen dflt = addOnBoth("\"isDefaultGateway\": true,", "\"ranges\": [[{\"subnet\": \"10.83.0.0/24\"}]]")[1];
        assertEquals(List.of("0.0.0.0/0 via 10.83.0.1"), dflt.routes());
        assertTrue(dflt.podRoutes().contains("default via 10.83.0.1"), dflt.toString());
    }

    @Test
    void dualStackAddsChecksAndDeletesBothFamiliesAsTheReference() throws Exception {
        String ipam = "\"ranges\": [[{\"subnet\": \"10.84.0.0/24\"}], [{\"subnet\": \"fd00:84::/64\"}]]";
        Seen s = addOnBoth("\"isDefaultGateway\": true,", ipam)[1];
        assertEquals(List.of("10.84.0.2/24 gw 10.84.0.1 if OptionalInt[2]", "fd00:84::2/64 gw fd00:84::1 if OptionalInt[2]"), s.ips());
        assertEquals(List.of("0.0.0.0/0 via 10.84.0.1", "::/0 via fd00:84::1"), s.routes());
        assertEquals(new TreeSet<>(List.of("10.84.0.2/24", "fd00:84::2/64")), s.podAddresses());
        assertTrue(s.podRoutes().containsAll(List.of("default via 10.84.0.1", "default via fd00:84::1", "fd00:84::/64 via -")),
                s.toString());
        assertEquals(new TreeSet<>(List.of("10.84.0.1/24", "fd00:84::1/64")), s.bridgeAddresses());

        // DEL on both sides releases both families' reservations
        CniSandbox[] nodes = {refNode, ourNode};
        CniRuntime[] runtimes = {reference, ours};
        String[] types = {"bridge", "netns-bridge"};
        for (int i = 0; i < 2; i++) {
            NetworkConfigList l = list(types[i], nodes[i], "\"isDefaultGateway\": true,", ipam);
            NetworkNamespace c = nodes[i].container("d");
            Attachment a = Attachment.of(c.name().orElseThrow(), c.path(), "eth0");
            Result r = runtimes[i].add(l, a);
            assertEquals(2, r.ips().size(), types[i]);
            runtimes[i].delete(l, a);
            Path dir = nodes[i].dir().resolve("ipam/par");
            for (Result.IpConfig ip : r.ips()) {
                assertFalse(java.nio.file.Files.exists(dir.resolve(ip.address().address().getHostAddress())), types[i] + " " + ip);
            }
            assertFalse(CniSandbox.ip(c, "-j", "link", "show").contains("eth0"), types[i]);
        }
    }
}
