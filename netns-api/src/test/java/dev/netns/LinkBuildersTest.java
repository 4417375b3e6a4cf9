package dev.netns;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.InetAddress;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rules every link builder enforces before any request (name, MTU, MAC, a name at all), run
 * against each kind, then each kind's own rules, and the same rules on specs made directly.
 */
class LinkBuildersTest {
    private static final MacAddress MULTICAST = MacAddress.parse("01:00:5e:00:00:01");
    private static final MacAddress UNICAST = MacAddress.parse("02:00:00:00:00:01");

    /** A builder with every required option but the name set, and how to build it. */
    record Kind(Supplier<LinkBuilder<?>> withoutName, Function<LinkBuilder<?>, LinkSpec> build) {
    }

    static Stream<Named<Kind>> kinds() {
        return Stream.of(
                Named.of("bridge", new Kind(Bridge::builder, b -> ((Bridge.Builder) b).build())),
                Named.of("vxlan", new Kind(() -> Vxlan.builder().vni(42), b -> ((Vxlan.Builder) b).build())),
                Named.of("macvlan", new Kind(() -> Macvlan.builder().parent("eth0"), b -> ((Macvlan.Builder) b).build())),
                Named.of("veth", new Kind(() -> VethPair.builder().peerName("peer0"), b -> ((VethPair.Builder) b).build())));
    }

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void badNameIsRefusedAtOnce(Kind kind) {
        assertTrue(message(() -> kind.withoutName().get().name("has space")).startsWith("interface name must"));
        assertTrue(message(() -> kind.withoutName().get().name("x".repeat(16))).contains("at most 15 bytes"));
        assertTrue(message(() -> kind.withoutName().get().name(null)).contains("must not be null"));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void mtuMustBePositiveAndFitSixteenBits(Kind kind) {
        assertTrue(message(() -> kind.withoutName().get().mtu(0)).contains("MTU must be 1..65535"));
        assertTrue(message(() -> kind.withoutName().get().mtu(65536)).contains("is 65536"));
        LinkSpec spec = kind.build().apply(kind.withoutName().get().name("l0").mtu(65535));
        assertEquals(OptionalInt.of(65535), spec.mtu());
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void macMustBeUnicast(Kind kind) {
        assertTrue(message(() -> kind.withoutName().get().macAddress(MULTICAST)).contains("must be unicast"));
        assertTrue(message(() -> kind.withoutName().get().macAddress(null)).contains("must not be null"));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void nameIsRequired(Kind kind) {
        String m = message(() -> kind.build().apply(kind.withoutName().get()));
        assertTrue(m.contains("needs a name: call name(...)"), m);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void sharedOptionsReachTheSpecAndDefaultToEmpty(Kind kind) {
        LinkSpec plain = kind.build().apply(kind.withoutName().get().name("l0"));
        assertEquals("l0", plain.name());
        assertEquals(OptionalInt.empty(), plain.mtu());
        assertEquals(Optional.empty(), plain.macAddress());
        assertEquals(false, plain.up());
        LinkSpec full = kind.build().apply(kind.withoutName().get().name("l0").mtu(1400).macAddress(UNICAST).up(true));
        assertEquals(OptionalInt.of(1400), full.mtu());
        assertEquals(Optional.of(UNICAST), full.macAddress());
        assertTrue(full.up());
        // value semantics: equal options make equal specs, one differing option does not
        assertEquals(full, kind.build().apply(kind.withoutName().get().name("l0").mtu(1400).macAddress(UNICAST).up(true)));
        assertEquals(full.hashCode(),
                kind.build().apply(kind.withoutName().get().name("l0").mtu(1400).macAddress(UNICAST).up(true)).hashCode());
        assertNotEquals(full, kind.build().apply(kind.withoutName().get().name("l0").mtu(1401).macAddress(UNICAST).up(true)));
    }

    @Test
    void vxlanVniIsTwentyFourBits() throws Exception {
        assertTrue(message(() -> Vxlan.builder().vni(-1)).contains("VNI must be 0..16777215"));
        assertTrue(message(() -> Vxlan.builder().vni(Vxlan.MAX_VNI + 1)).contains("is 16777216"));
        assertEquals(0, Vxlan.builder().name("vx0").vni(0).build().vni());
        assertEquals(Vxlan.MAX_VNI, Vxlan.builder().name("vx0").vni(Vxlan.MAX_VNI).build().vni());
        assertTrue(message(() -> Vxlan.builder().name("vx0").build()).contains("needs a VNI"));
        assertTrue(message(() -> new Vxlan("vx0", 1 << 24, Optional.empty(), Optional.empty(), Optional.empty(),
                Vxlan.IANA_PORT, Optional.empty(), OptionalInt.empty(), Optional.empty(), false)).contains("VNI"));
    }

    @Test
    void vxlanTakesRemoteOrGroupOfTheLocalFamily() throws Exception {
        InetAddress remote = InetAddress.getByName("10.0.0.2");
        InetAddress group = InetAddress.getByName("239.1.1.1");
        assertTrue(message(() -> Vxlan.builder().name("vx0").vni(1).remote(remote).group(group).build())
                .contains("a remote or a group, not both"));
        assertTrue(message(() -> Vxlan.builder().remote(group)).contains("remote must be unicast"));
        assertTrue(message(() -> Vxlan.builder().group(remote)).contains("group must be a multicast address"));
        assertTrue(message(() -> Vxlan.builder().local(group)).contains("local address must be unicast"));
        InetAddress local6 = InetAddress.getByName("fd00::1");
        assertTrue(message(() -> Vxlan.builder().name("vx0").vni(1).local(local6).remote(remote).build())
                .contains("one address family"));
        assertTrue(message(() -> Vxlan.builder().dstPort(0)).contains("port must be 1..65535"));
        assertTrue(message(() -> Vxlan.builder().name("vx0").vni(1).device("vx0").build())
                .contains("its own underlying device"));
        Vxlan ok = Vxlan.builder().name("vx0").vni(7).local(InetAddress.getByName("10.0.0.1")).remote(remote)
                .device("eth0").build();
        assertEquals(Vxlan.IANA_PORT, ok.dstPort());
        assertEquals("Vxlan[vx0 id 7 local 10.0.0.1 remote 10.0.0.2 dstport 4789 dev eth0]", ok.toString());
    }

    @Test
    void macvlanNeedsAParentOtherThanItself() {
        assertTrue(message(() -> Macvlan.builder().name("mv0").parent("mv0").build()).contains("cannot be its own parent"));
        assertTrue(message(() -> Macvlan.builder().name("mv0").build()).contains("needs a parent device"));
        assertTrue(message(() -> Macvlan.builder().parent("bad/name")).startsWith("interface name must"));
        assertThrows(NullPointerException.class, () -> Macvlan.builder().mode(null));
        Macvlan mv = Macvlan.builder().name("mv0").parent("eth0").build();
        assertEquals(Macvlan.Mode.BRIDGE, mv.mode());
        assertEquals("Macvlan[mv0 link eth0 mode bridge]", mv.toString());
        assertTrue(message(() -> new Macvlan("mv0", "mv0", Macvlan.Mode.VEPA, OptionalInt.empty(), Optional.empty(), false))
                .contains("own parent"));
    }

    @Test
    void vethPeerMacIsCheckedToo() {
        assertTrue(message(() -> VethPair.builder().peerMacAddress(MULTICAST)).contains("must be unicast"));
        assertTrue(message(() -> new VethPair.Spec("a", "b", Optional.empty(), OptionalInt.empty(), Optional.empty(),
                Optional.of(MULTICAST), false)).contains("must be unicast"));
    }

    @Test
    void specsMadeWithoutABuilderFollowTheSameRules() {
        assertTrue(message(() -> new Bridge("bad name", OptionalInt.empty(), Optional.empty(), false))
                .startsWith("interface name must"));
        assertTrue(message(() -> new Bridge("br0", OptionalInt.of(0), Optional.empty(), false)).contains("MTU"));
        assertTrue(message(() -> new Bridge("br0", OptionalInt.empty(), Optional.of(MULTICAST), false)).contains("unicast"));
        assertThrows(NullPointerException.class, () -> new Bridge("br0", null, Optional.empty(), false));
        assertEquals("Bridge[br0 mtu 1400 address 02:00:00:00:00:01 up]",
                new Bridge("br0", OptionalInt.of(1400), Optional.of(UNICAST), true).toString());
    }
}
