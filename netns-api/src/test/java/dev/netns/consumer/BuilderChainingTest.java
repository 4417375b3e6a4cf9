package dev.netns.consumer;

import dev.netns.Bridge;
import dev.netns.MacAddress;
import dev.netns.Macvlan;
import dev.netns.VethPair;
import dev.netns.Vxlan;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.OptionalInt;
import java.util.function.IntConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Uses the builders from outside {@code dev.netns}, as a user does: the shared setters live in a
 * package-private base class, so this checks that they chain into the kind-specific ones, work as
 * method references, and can be called reflectively (frameworks do that) through the public type.
 */
class BuilderChainingTest {

    @Test
    void sharedSettersReturnTheKindsBuilder() {
        // each line compiles only if name/mtu/macAddress/up return the concrete builder
        Vxlan vx = Vxlan.builder().name("vx0").mtu(1450).up(true).vni(9).dstPort(4790).build();
        Macvlan mv = Macvlan.builder().name("mv0").macAddress(MacAddress.parse("02:00:00:00:00:02")).parent("eth0")
                .mode(Macvlan.Mode.PRIVATE).build();
        VethPair.Spec veth = VethPair.builder().name("v0").mtu(1400).peerName("v1").build();
        assertEquals(9, vx.vni());
        assertEquals(1450, vx.mtu().getAsInt());
        assertEquals("eth0", mv.parent());
        assertEquals("v1", veth.peerName());
    }

    @Test
    void sharedSettersWorkAsMethodReferences() {
        Bridge.Builder b = Bridge.builder().name("br0");
        IntConsumer setMtu = b::mtu;
        setMtu.accept(1280);
        assertEquals(OptionalInt.of(1280), b.build().mtu());
    }

    @Test
    void sharedSettersAreReflectivelyCallableThroughThePublicBuilder() throws Exception {
        Bridge.Builder b = Bridge.builder();
        Method name = Bridge.Builder.class.getMethod("name", String.class);
        Method up = Bridge.Builder.class.getMethod("up", boolean.class);
        // without javac's public bridge methods these would be declared by the package-private base
        // and invoke() from here would throw IllegalAccessException
        assertSame(b, name.invoke(b, "br1"));
        assertSame(b, up.invoke(b, true));
        Bridge built = b.build();
        assertEquals("br1", built.name());
        assertTrue(built.up());
    }
}
