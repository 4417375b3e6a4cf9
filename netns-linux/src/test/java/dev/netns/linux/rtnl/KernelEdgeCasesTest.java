package dev.netns.linux.rtnl;

import dev.netns.linux.testing.KernelTest;
import dev.netns.Address;
import dev.netns.IpPrefix;
import dev.netns.Route;
import dev.netns.VethPair;
import dev.netns.linux.ns.LinuxNetworkNamespace;
import dev.netns.witness.Commands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.netns.linux.rtnl.KernelFixture.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kernel state other tools make that listing must survive and report as the kernel has it:
 * IPv4-mapped IPv6 addresses and routes added with {@code ip}, and interface names the kernel
 * accepts although Java calls them whitespace.
 */
@KernelTest
class KernelEdgeCasesTest {
    private final KernelFixture fixture = new KernelFixture();

    @AfterEach
    void cleanUp() {
        fixture.close();
    }

    @Test
    void ipv4MappedAddressesAndRoutesAddedByIpAreListedAsIpv6() throws Exception {
        LinuxNetworkNamespace ns = fixture.namespace("mapped");
        VethPair.builder().name("m0").peerName("m1").up(true).create(ns);
        Commands.run("ip", "-n", name(ns), "addr", "add", "::ffff:10.9.9.9/128", "dev", "m0", "nodad");
        Commands.run("ip", "-n", name(ns), "-6", "route", "add", "::ffff:10.8.0.0/120", "dev", "m0");
        List<Address> addresses = ns.addresses().list();
        IpPrefix mapped = IpPrefix.parse("::ffff:10.9.9.9/128");
        assertTrue(addresses.stream().anyMatch(a -> a.prefix().equals(mapped)), addresses.toString());
        assertFalse(addresses.stream().anyMatch(a -> a.prefix().address().getHostAddress().equals("10.9.9.9")),
                "not turned into IPv4");
        List<Route> routes = ns.routes().list();
        assertTrue(routes.stream().anyMatch(r -> r.destination().equals(IpPrefix.parse("::ffff:10.8.0.0/120"))),
                routes.toString());
        // and what the SDK adds that way, ip shows as the same IPv6 address
        ns.addresses().add("m0", IpPrefix.parse("::ffff:10.7.7.7/128"));
        String shown = Commands.run("ip", "-n", name(ns), "-6", "-o", "addr", "show", "dev", "m0");
        assertTrue(shown.contains("inet6 ::ffff:10.7.7.7/128"), shown);
    }

    @Test
    void aNameJavaCallsWhitespaceButTheKernelAcceptsWorks() throws Exception {
        LinuxNetworkNamespace ns = fixture.namespace("names");
        String em = "em\u2003sp"; // U+2003: Character.isWhitespace, but none of its UTF-8 bytes is the kernel's isspace
        VethPair.builder().name(em).peerName("em1").create(ns);
        assertTrue(ns.links().find(em).isPresent());
        String shown = Commands.run("ip", "-n", name(ns), "-o", "link", "show");
        assertTrue(shown.contains(em + "@em1"), shown);
        assertEquals(em, ns.links().get(em).name());
    }
}
