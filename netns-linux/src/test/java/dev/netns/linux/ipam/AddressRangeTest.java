package dev.netns.linux.ipam;

import dev.netns.IpPrefix;
import dev.netns.PodSubnet;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** host-local's default range and its round-robin order. */
class AddressRangeTest {
    private final AddressRange v4 = new AddressRange(IpPrefix.parse("10.1.0.0/29"), 0);

    private static List<String> all(Iterator<InetAddress> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(a -> out.add(IpText.format(a)));
        return out;
    }

    @Test
    void fromTheStartSkippingNetworkGatewayAndBroadcast() {
        assertEquals(List.of("10.1.0.2", "10.1.0.3", "10.1.0.4", "10.1.0.5", "10.1.0.6"), all(v4.candidates(Optional.empty())));
        assertEquals("10.1.0.1/29", v4.gateway().toString());
        assertEquals(BigInteger.valueOf(5), v4.capacity());
    }

    @Test
    void anIpv4MappedIpv6SubnetHandsOutIpv6Addresses() {
        AddressRange mapped = new AddressRange(IpPrefix.parse("::ffff:10.0.0.0/120"), 0);
        assertEquals("::ffff:10.0.0.1/120", mapped.gateway().toString());
        InetAddress first = mapped.candidates(Optional.empty()).next();
        assertEquals("::ffff:10.0.0.2", IpText.format(first));
        assertTrue(first instanceof java.net.Inet6Address, "not the IPv4 address 10.0.0.2");
        assertTrue(mapped.allocatable(first));
        assertFalse(mapped.allocatable(InetAddress.ofLiteral("10.0.0.2")), "the IPv4 address is another family");
    }

    @Test
    void afterTheLastReservedWhichComesLast() {
        assertEquals(List.of("10.1.0.5", "10.1.0.6", "10.1.0.2", "10.1.0.3", "10.1.0.4"),
                all(v4.candidates(Optional.of(InetAddress.ofLiteral("10.1.0.4")))));
        assertEquals(List.of("10.1.0.2", "10.1.0.3", "10.1.0.4", "10.1.0.5", "10.1.0.6"),
                all(v4.candidates(Optional.of(InetAddress.ofLiteral("10.1.0.6")))));
    }

    @Test
    void aLastReservedOutsideTheRangeStartsFromTheBeginning() {
        assertEquals("10.1.0.2", all(v4.candidates(Optional.of(InetAddress.ofLiteral("10.9.0.4")))).getFirst());
        assertEquals("10.1.0.2", all(v4.candidates(Optional.of(InetAddress.ofLiteral("10.1.0.1")))).getFirst());
    }

    @Test
    void ipv6KeepsTheAllOnesAddress() {
        AddressRange v6 = new AddressRange(IpPrefix.parse("fd00:1::/126"), 1);
        assertEquals(List.of("fd00:1::2", "fd00:1::3"), all(v6.candidates(Optional.empty())));
        AddressRange big = new AddressRange(IpPrefix.parse("fd00:10:244:1::/64"), 1);
        assertEquals("fd00:10:244:1::2", IpText.format(big.candidates(Optional.empty()).next()));
        assertEquals("fd00:10:244:1:ffff:ffff:ffff:ffff",
                IpText.format(big.candidates(Optional.of(InetAddress.ofLiteral("fd00:10:244:1:ffff:ffff:ffff:fffe"))).next()));
    }

    @Test
    void allocatable() {
        assertTrue(v4.allocatable(InetAddress.ofLiteral("10.1.0.6")));
        assertFalse(v4.allocatable(InetAddress.ofLiteral("10.1.0.7")));
        assertFalse(v4.allocatable(InetAddress.ofLiteral("10.1.0.1")));
        assertFalse(v4.allocatable(InetAddress.ofLiteral("10.1.0.0")));
        assertFalse(v4.allocatable(InetAddress.ofLiteral("fd00::2")));
        assertThrows(IllegalArgumentException.class, () -> new AddressRange(IpPrefix.parse("10.0.0.0/31"), 0));
    }

    @Test
    void aNarrowRangeSkipsAGatewayInsideItAndWrapsWithinItself() {
        PodSubnet pool = new PodSubnet(IpPrefix.parse("10.1.0.0/24"), InetAddress.ofLiteral("10.1.0.11"),
                InetAddress.ofLiteral("10.1.0.10"), InetAddress.ofLiteral("10.1.0.13"));
        AddressRange r = new AddressRange(pool, 0);
        assertEquals(List.of("10.1.0.10", "10.1.0.12", "10.1.0.13"), all(r.candidates(Optional.empty())));
        assertEquals(List.of("10.1.0.13", "10.1.0.10", "10.1.0.12"), all(r.candidates(Optional.of(InetAddress.ofLiteral("10.1.0.12")))));
        assertEquals(List.of("10.1.0.12", "10.1.0.13", "10.1.0.10"), all(r.candidates(Optional.of(InetAddress.ofLiteral("10.1.0.11")))));
        assertEquals(BigInteger.valueOf(3), r.capacity());
        assertFalse(r.allocatable(InetAddress.ofLiteral("10.1.0.14")));
        assertTrue(r.holdable(InetAddress.ofLiteral("10.1.0.14")), "a reservation under a wider range still counts");
        assertFalse(r.holdable(InetAddress.ofLiteral("10.1.0.11")));
    }

    @Test
    void theFirstAddressIsAPodsWhenTheGatewayIsElsewhere() {
        PodSubnet pool = new PodSubnet(IpPrefix.parse("10.1.0.0/29"), InetAddress.ofLiteral("10.1.0.6"),
                InetAddress.ofLiteral("10.1.0.1"), InetAddress.ofLiteral("10.1.0.6"));
        assertEquals(List.of("10.1.0.1", "10.1.0.2", "10.1.0.3", "10.1.0.4", "10.1.0.5"),
                all(new AddressRange(pool, 0).candidates(Optional.empty())));
    }
}
