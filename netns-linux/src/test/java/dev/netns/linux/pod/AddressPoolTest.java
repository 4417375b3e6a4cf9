package dev.netns.linux.pod;

import dev.netns.IpPrefix;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Address allocation rules, without the kernel. */
class AddressPoolTest {

    @Test
    void skipsNetworkGatewayAndBroadcast() {
        AddressPool pool = new AddressPool(IpPrefix.parse("10.244.1.0/29"));
        assertEquals("10.244.1.1/29", pool.gateway().toString());
        assertEquals(BigInteger.valueOf(5), pool.capacity());
        List<String> got = List.of(pool.allocate().toString(), pool.allocate().toString(), pool.allocate().toString(),
                pool.allocate().toString(), pool.allocate().toString());
        assertEquals(List.of("10.244.1.2/29", "10.244.1.3/29", "10.244.1.4/29", "10.244.1.5/29", "10.244.1.6/29"), got);
        IllegalStateException full = assertThrows(IllegalStateException.class, pool::allocate);
        assertTrue(full.getMessage().contains("10.244.1.0/29") && full.getMessage().contains("exhausted"), full.getMessage());
    }

    @Test
    void anIpv4MappedIpv6SubnetHandsOutIpv6Addresses() {
        AddressPool pool = new AddressPool(IpPrefix.parse("::ffff:10.0.0.0/120"));
        assertEquals("::ffff:10.0.0.1/120", pool.gateway().toString());
        IpPrefix first = pool.allocate();
        assertEquals("::ffff:10.0.0.2/120", first.toString());
        assertTrue(first.address() instanceof java.net.Inet6Address, "not the IPv4 address 10.0.0.2");
    }

    @Test
    void freedAddressesAreReusedAfterTheOthers() {
        AddressPool pool = new AddressPool(IpPrefix.parse("192.168.7.0/29"));
        IpPrefix a = pool.allocate(); // .2
        pool.allocate();              // .3
        pool.release(a.address());
        assertEquals("192.168.7.4/29", pool.allocate().toString(), "round robin: the next new address first");
        pool.allocate();
        pool.allocate();              // .5 .6: the subnet end
        assertEquals("192.168.7.2/29", pool.allocate().toString(), "then the freed one, after wrapping");
        assertThrows(IllegalStateException.class, pool::allocate);
    }

    @Test
    void smallestUsableIpv4Subnet() {
        AddressPool pool = new AddressPool(IpPrefix.parse("10.0.0.0/30"));
        assertEquals("10.0.0.2/30", pool.allocate().toString());
        assertThrows(IllegalStateException.class, pool::allocate);
    }

    @Test
    void ipv6SubnetsOfAnySize() {
        AddressPool pool = new AddressPool(IpPrefix.parse("fd00:10:244:1::/64"));
        assertEquals("fd00:10:244:1::1/64", pool.gateway().toString());
        assertEquals("fd00:10:244:1::2/64", pool.allocate().toString());
        assertEquals(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.TWO), pool.capacity());
        AddressPool top = new AddressPool(IpPrefix.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fff0/124"));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 14; i++) {
            assertTrue(seen.add(top.allocate().toString()));
        }
        assertThrows(IllegalStateException.class, top::allocate);
        assertTrue(seen.contains("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/124"), "no broadcast in IPv6: " + seen);
    }

    @Test
    void allocationsAreUniqueUnderChurn() {
        AddressPool pool = new AddressPool(IpPrefix.parse("10.1.0.0/24"));
        java.util.Random random = new java.util.Random(42);
        Set<java.net.InetAddress> live = new HashSet<>();
        for (int i = 0; i < 5000; i++) {
            if (!live.isEmpty() && (random.nextBoolean() || live.size() == 253)) {
                java.net.InetAddress victim = live.iterator().next();
                live.remove(victim);
                pool.release(victim);
            } else {
                IpPrefix p = pool.allocate();
                assertTrue(live.add(p.address()), "handed out twice: " + p);
                int last = p.address().getAddress()[3] & 0xff;
                assertTrue(last >= 2 && last <= 254, "reserved address handed out: " + p);
            }
            assertEquals(live.size(), pool.inUse());
        }
    }
}
