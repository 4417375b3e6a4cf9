package dev.netns;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parsing and validation of the API's value types, and the rules the builders enforce before any request. */
class ValueTypesTest {

    @ParameterizedTest
    @CsvSource({
            "10.244.1.7/24, 10.244.1.7/24, 10.244.1.0/24",
            "10.0.0.1, 10.0.0.1/32, 10.0.0.1/32",
            "fd00:0:0:0:0:0:0:1/64, fd00::1/64, fd00::/64",
            "2001:db8:0:0:1:0:0:1/48, 2001:db8::1:0:0:1/48, 2001:db8::/48",
            "0.0.0.0/0, 0.0.0.0/0, 0.0.0.0/0",
            "::/0, ::/0, ::/0",
            "fe80::1:2/10, fe80::1:2/10, fe80::/10"})
    void parsesAndPrintsLikeIproute2(String in, String printed, String network) {
        IpPrefix p = IpPrefix.parse(in);
        assertEquals(printed, p.toString());
        assertEquals(network, p.network().toString());
        assertEquals(p, IpPrefix.parse(p.toString()), "round trip");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1/33", "fd00::1/129", "10.0.0.1/", "10.0.0.1/-1", "10.0.0/24", "256.1.1.1/8",
            "example.com/24", "10.0.0.1/2x", "", "1.2.3.4.5", "::g/64"})
    void rejectsMalformedPrefixes(String bad) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse(bad));
        assertFalse(e.getMessage().isBlank());
    }

    @Test
    void containsRespectsFamilyAndPrefix() throws Exception {
        IpPrefix net = IpPrefix.parse("10.244.1.0/24");
        assertTrue(net.contains(InetAddress.getByName("10.244.1.200")));
        assertFalse(net.contains(InetAddress.getByName("10.244.2.1")));
        assertFalse(net.contains(InetAddress.getByName("::1")));
    }

    @Test
    void macAddresses() {
        MacAddress m = MacAddress.parse("02:42:AC:11:00:02");
        assertEquals("02:42:ac:11:00:02", m.toString());
        assertEquals(m, MacAddress.of(m.bytes()));
        assertFalse(m.isMulticast());
        assertTrue(MacAddress.parse("01:00:5e:00:00:01").isMulticast());
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("02:42:ac:11:00"));
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("zz:42:ac:11:00:02"));
        assertThrows(IllegalArgumentException.class, () -> MacAddress.of(new byte[5]));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a-name-that-is-16", ".", "..", "has/slash", "has:colon", "has space", "tab\t", "nul\0"})
    void interfaceNameRules(String bad) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InterfaceNames.check(bad));
        assertTrue(e.getMessage().startsWith("interface name must"), e.getMessage());
    }

    @Test
    void interfaceNamesFollowTheKernelsByteRuleNotJavasWhitespace() {
        // dev_valid_name tests bytes with the kernel's isspace, which includes 0xA0
        assertThrows(IllegalArgumentException.class, () -> InterfaceNames.check("nb\u00a0sp"));   // C2 A0
        assertThrows(IllegalArgumentException.class, () -> InterfaceNames.check("voil\u00e0"));   // à is C3 A0
        assertEquals("em\u2003sp", InterfaceNames.check("em\u2003sp"));  // E2 80 83: Java whitespace, valid in the kernel
        assertEquals("\u00e9t\u00e9", InterfaceNames.check("\u00e9t\u00e9")); // é is C3 A9
    }

    @Test
    void ipv4PartsWithALeadingZeroAreRefusedAsIpReadsThemAsOctal() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse("010.0.0.1/8"));
        assertTrue(e.getMessage().contains("leading zero") && e.getMessage().contains("octal"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> IpPrefix.parseAddress("10.0.0.01"));
        assertEquals("10.0.0.0/8", IpPrefix.parse("10.0.0.0/8").toString());
        assertEquals("0.0.0.0/0", IpPrefix.parse("0.0.0.0/0").toString());
    }

    @Test
    void ipv4MappedIpv6KeepsItsFamily() throws Exception {
        IpPrefix p = IpPrefix.parse("::ffff:10.0.0.0/120");
        assertFalse(p.isIpv4(), "an IPv6 prefix, as written");
        assertTrue(p.address() instanceof java.net.Inet6Address);
        assertEquals(120, p.prefixLength());
        assertEquals("::ffff:10.0.0.0/120", p.toString(), "printed as inet_ntop does");
        assertEquals(p, p.network());
        assertTrue(p.contains(IpPrefix.parseAddress("::ffff:10.0.0.7")));
        assertFalse(p.contains(IpPrefix.parseAddress("10.0.0.7")), "the IPv4 address is another family");
        byte[] mapped = IpPrefix.parseAddress("::ffff:10.9.9.9").getAddress();
        assertEquals(16, mapped.length);
        assertTrue(IpPrefix.addressOf(mapped) instanceof java.net.Inet6Address);
        assertEquals("::ffff:10.9.9.9", IpPrefix.format(IpPrefix.addressOf(mapped)));
        assertEquals("::1", IpPrefix.format(IpPrefix.parseAddress("::1")), "not dotted");
    }

    @Test
    void fifteenBytesIsTheLongestInterfaceName() {
        assertEquals("exactly15bytes_", InterfaceNames.check("exactly15bytes_"));
        assertThrows(IllegalArgumentException.class, () -> InterfaceNames.check("ééééééééé")); // 18 bytes
    }

    @Test
    void vethBuilderValidatesEagerly() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VethPair.builder().mtu(0)).getMessage().contains("MTU"));
        assertThrows(IllegalArgumentException.class, () -> VethPair.builder().name("x".repeat(16)));
        assertThrows(IllegalArgumentException.class, () -> VethPair.builder().macAddress(MacAddress.parse("01:00:00:00:00:01")));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VethPair.builder().name("a").build())
                .getMessage().contains("peer name"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VethPair.builder().name("a").peerName("a").build())
                .getMessage().contains("different names"));
    }

    @Test
    void podNetworkBuilderRules() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PodNetwork.builder().subnet("10.244.1.5/24"))
                .getMessage().contains("10.244.1.0/24"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PodNetwork.builder().subnet("10.0.0.0/31"))
                .getMessage().contains("too small"));
        assertThrows(IllegalArgumentException.class, () -> PodNetwork.builder().subnet("not-a-cidr"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PodNetwork.builder().build())
                .getMessage().contains("needs a subnet"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> PodNetwork.builder().subnet("10.0.0.0/24").subnet("10.1.0.0/24").build())
                .getMessage().contains("at most one IPv4"));
        assertThrows(IllegalArgumentException.class, () -> PodNetwork.builder().bridgeName("bad name"));
        assertThrows(IllegalArgumentException.class, () -> PodNetwork.builder().namespacePrefix("a/b"));
        PodNetwork.Spec spec = PodNetwork.builder().subnet("10.244.1.0/24").subnet("fd00:10:244:1::/64").build();
        assertEquals("cni0", spec.bridgeName());
        assertTrue(spec.node().isEmpty());
    }

    @Test
    void exceptionMessagesReadLikeTheContract() {
        NetnsException e = new NetnsException("RTM_NEWLINK", "veth0", 17, "EEXIST", "File exists", "Link already exists");
        assertEquals("RTM_NEWLINK veth0: File exists (EEXIST); kernel: Link already exists", e.getMessage());
        assertEquals("Link already exists", e.kernelMessage().orElseThrow());
        NetnsPermissionException p = new NetnsPermissionException("setns", "blue", 1, "EPERM", "Operation not permitted",
                null, "CAP_SYS_ADMIN");
        assertTrue(p.getMessage().contains("CAP_SYS_ADMIN") && p.getMessage().contains("(EPERM)"), p.getMessage());
        assertTrue(p.kernelMessage().isEmpty());
    }
}
