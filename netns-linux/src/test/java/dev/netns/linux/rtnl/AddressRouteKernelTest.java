package dev.netns.linux.rtnl;

import dev.netns.Address;
import dev.netns.IpPrefix;
import dev.netns.NetnsException;
import dev.netns.Route;
import dev.netns.VethPair;
import dev.netns.linux.ns.LinuxNetworkNamespace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import dev.netns.linux.testing.KernelTest;

import static dev.netns.linux.rtnl.KernelFixture.ipAddrs;
import static dev.netns.linux.rtnl.KernelFixture.ipRoutes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Addresses and routes, IPv4 and IPv6, witnessed by {@code ip -j addr} and {@code ip -j route}. */
@KernelTest
class AddressRouteKernelTest {
    private final KernelFixture fixture = new KernelFixture();

    @AfterEach
    void cleanUp() {
        fixture.close();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> addrInfo(LinuxNetworkNamespace ns, String link) {
        return ipAddrs(ns).stream().filter(l -> link.equals(l.get("ifname"))).findFirst()
                .map(l -> (List<Map<String, Object>>) l.get("addr_info")).orElseThrow();
    }

    private static boolean hasAddr(LinuxNetworkNamespace ns, String link, String local, long prefixLen) {
        return addrInfo(ns, link).stream().anyMatch(a -> local.equals(a.get("local")) && Long.valueOf(prefixLen).equals(a.get("prefixlen")));
    }

    private LinuxNetworkNamespace withVeth() throws Exception {
        LinuxNetworkNamespace ns = fixture.namespace("addr");
        VethPair.builder().name("eth0").peerName("peer0").up(true).create(ns);
        return ns;
    }

    @Test
    void addressesV4AndV6() throws Exception {
        LinuxNetworkNamespace ns = withVeth();
        ns.addresses().add("eth0", IpPrefix.parse("10.244.1.2/24"));
        ns.addresses().add("eth0", IpPrefix.parse("fd00:1::2/64"));
        assertTrue(hasAddr(ns, "eth0", "10.244.1.2", 24));
        assertTrue(hasAddr(ns, "eth0", "fd00:1::2", 64));
        Map<String, Object> v6 = addrInfo(ns, "eth0").stream().filter(a -> "fd00:1::2".equals(a.get("local"))).findFirst().orElseThrow();
        assertEquals(null, v6.get("tentative"), "nodad: usable at once, not tentative");

        List<Address> mine = ns.addresses().list("eth0");
        assertTrue(mine.stream().anyMatch(a -> a.prefix().equals(IpPrefix.parse("10.244.1.2/24"))), mine.toString());
        Address six = mine.stream().filter(a -> a.prefix().equals(IpPrefix.parse("fd00:1::2/64"))).findFirst().orElseThrow();
        assertEquals(0, six.flags() & Address.IFA_F_TENTATIVE);

        NetnsException dup = assertThrows(NetnsException.class, () -> ns.addresses().add("eth0", IpPrefix.parse("10.244.1.2/24")));
        assertEquals("EEXIST", dup.errnoName());
        assertTrue(dup.getMessage().startsWith("RTM_NEWADDR 10.244.1.2/24 dev eth0: "), dup.getMessage());

        ns.addresses().delete("eth0", IpPrefix.parse("10.244.1.2/24"));
        ns.addresses().delete("eth0", IpPrefix.parse("fd00:1::2/64"));
        assertFalse(hasAddr(ns, "eth0", "10.244.1.2", 24));
        assertFalse(hasAddr(ns, "eth0", "fd00:1::2", 64));
        assertTrue(ns.addresses().list().stream().noneMatch(a -> a.prefix().toString().equals("10.244.1.2/24")));
    }

    @Test
    void routesV4AndV6() throws Exception {
        LinuxNetworkNamespace ns = withVeth();
        ns.addresses().add("eth0", IpPrefix.parse("10.244.1.2/24"));
        ns.addresses().add("eth0", IpPrefix.parse("fd00:1::2/64"));

        ns.routes().addDefault(IpPrefix.parseAddress("10.244.1.1"));
        ns.routes().add(IpPrefix.parse("10.96.0.0/12"), IpPrefix.parseAddress("10.244.1.254"));
        ns.routes().addOnLink(IpPrefix.parse("192.168.77.0/24"), "eth0");
        ns.routes().addDefault(IpPrefix.parseAddress("fd00:1::1"));
        ns.routes().add(IpPrefix.parse("fd00:99::/64"), IpPrefix.parseAddress("fd00:1::fe"));
        ns.routes().addOnLink(IpPrefix.parse("fd00:77::/64"), "eth0");

        List<Map<String, Object>> v4 = ipRoutes(ns, "-4");
        assertTrue(v4.stream().anyMatch(r -> "default".equals(r.get("dst")) && "10.244.1.1".equals(r.get("gateway"))), v4.toString());
        assertTrue(v4.stream().anyMatch(r -> "10.96.0.0/12".equals(r.get("dst")) && "10.244.1.254".equals(r.get("gateway"))));
        assertTrue(v4.stream().anyMatch(r -> "192.168.77.0/24".equals(r.get("dst")) && "link".equals(r.get("scope"))
                && "eth0".equals(r.get("dev")) && r.get("gateway") == null));
        List<Map<String, Object>> v6 = ipRoutes(ns, "-6");
        assertTrue(v6.stream().anyMatch(r -> "default".equals(r.get("dst")) && "fd00:1::1".equals(r.get("gateway"))), v6.toString());
        assertTrue(v6.stream().anyMatch(r -> "fd00:99::/64".equals(r.get("dst")) && "fd00:1::fe".equals(r.get("gateway"))));
        assertTrue(v6.stream().anyMatch(r -> "fd00:77::/64".equals(r.get("dst")) && "eth0".equals(r.get("dev"))));

        List<Route> mine = ns.routes().list();
        assertTrue(mine.stream().anyMatch(r -> r.isDefault() && r.gateway().orElseThrow().getHostAddress().equals("10.244.1.1")), mine.toString());
        assertTrue(mine.stream().anyMatch(r -> r.destination().equals(IpPrefix.parse("192.168.77.0/24"))
                && r.scope() == 253 && r.gateway().isEmpty() && r.outputIndex().isPresent()));
        assertTrue(mine.stream().anyMatch(r -> r.destination().equals(IpPrefix.parse("fd00:99::/64"))));
        assertTrue(mine.stream().allMatch(r -> r.table() == Route.TABLE_MAIN));

        ns.routes().delete(IpPrefix.parse("10.96.0.0/12"));
        ns.routes().delete(IpPrefix.parse("0.0.0.0/0"));
        ns.routes().delete(IpPrefix.parse("fd00:99::/64"));
        assertTrue(ipRoutes(ns, "-4").stream().noneMatch(r -> "10.96.0.0/12".equals(r.get("dst")) || "default".equals(r.get("dst"))));
        assertTrue(ipRoutes(ns, "-6").stream().noneMatch(r -> "fd00:99::/64".equals(r.get("dst"))));
        NetnsException gone = assertThrows(NetnsException.class, () -> ns.routes().delete(IpPrefix.parse("10.96.0.0/12")));
        assertEquals("ESRCH", gone.errnoName());
        assertThrows(IllegalArgumentException.class,
                () -> ns.routes().add(IpPrefix.parse("10.0.0.0/8"), IpPrefix.parseAddress("fd00::1")));
    }

    @Test
    void unreachableGatewayCarriesTheKernelMessage() throws Exception {
        LinuxNetworkNamespace ns = withVeth();
        NetnsException e = assertThrows(NetnsException.class, () -> ns.routes().addDefault(IpPrefix.parseAddress("10.55.0.1")));
        assertTrue(e.kernelMessage().isPresent(), e.getMessage());
        assertTrue(e.getMessage().contains("; kernel: "), e.getMessage());
    }
}
