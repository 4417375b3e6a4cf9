package dev.netns.spi;

import dev.netns.LinkSpec;
import dev.netns.MacAddress;
import dev.netns.NamespaceAlreadyExistsException;
import dev.netns.NetnsException;
import dev.netns.NetnsPermissionException;
import dev.netns.NoSuchLinkException;
import dev.netns.NoSuchNamespaceException;
import dev.netns.VethPair;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What applications see is what they need: the exceptions' full constructors, VethPair's
 * constructor, the link value rules and the provider lookup are not public API; providers reach
 * them through {@link NetnsExceptions} and {@link LinkRules}.
 */
class PublicSurfaceTest {

    @Test
    void exceptionsHaveNoPublicConstructorTakingKernelDetails() {
        for (Class<?> type : List.of(NetnsException.class, NetnsPermissionException.class, NoSuchLinkException.class,
                NoSuchNamespaceException.class, NamespaceAlreadyExistsException.class)) {
            for (Constructor<?> c : type.getDeclaredConstructors()) {
                boolean visible = Modifier.isPublic(c.getModifiers()) || Modifier.isProtected(c.getModifiers());
                assertFalse(visible && c.getParameterCount() > 4, "public: " + c);
            }
        }
    }

    @Test
    void noPublicConstructorOfVethPairAndNoStaticLookups() {
        assertTrue(Arrays.stream(VethPair.class.getConstructors()).toList().isEmpty(), "VethPair constructors");
        for (Class<?> type : List.of(LinkSpec.class, NetnsProvider.class)) {
            for (Method m : type.getDeclaredMethods()) {
                assertFalse(Modifier.isStatic(m.getModifiers()) && Modifier.isPublic(m.getModifiers()), "public static: " + m);
            }
        }
    }

    @Test
    void factoryMakesTheSameExceptionsTheConstructorsDid() {
        NetnsException e = NetnsExceptions.of("RTM_NEWLINK", "veth0", 17, "EEXIST", "File exists", "Link already exists");
        assertSame(NetnsException.class, e.getClass());
        assertEquals("RTM_NEWLINK veth0: File exists (EEXIST); kernel: Link already exists", e.getMessage());
        IllegalStateException cause = new IllegalStateException("x");
        assertSame(cause, NetnsExceptions.of("flock", "/x", 11, "EAGAIN", "busy", null, cause).getCause());
        NetnsPermissionException p = NetnsExceptions.permission("setns", "blue", 1, "EPERM", "Operation not permitted",
                null, "CAP_SYS_ADMIN");
        assertEquals("CAP_SYS_ADMIN", p.capability());
        assertTrue(p.getMessage().contains("needs CAP_SYS_ADMIN") && p.getMessage().contains("(EPERM)"), p.getMessage());
        assertEquals("ENOENT", NetnsExceptions.noSuchNamespace("open", "blue", 2, "ENOENT", "No such file", null).errnoName());
        assertEquals(19, NetnsExceptions.noSuchLink("RTM_GETLINK", "eth9", 19, "ENODEV", "No such device", null).errno());
        assertEquals("blue", NetnsExceptions.alreadyExists("create", "blue", 17, "EEXIST", "File exists", null).object());
    }

    @Test
    void linkRulesAreTheBuildersRules() {
        assertEquals(1500, LinkRules.checkMtu(1500));
        IllegalArgumentException mtu = assertThrows(IllegalArgumentException.class, () -> LinkRules.checkMtu(0));
        assertEquals("MTU must be 1..65535 bytes, is 0", mtu.getMessage());
        MacAddress unicast = MacAddress.parse("02:00:00:00:00:01");
        assertSame(unicast, LinkRules.checkMac(unicast));
        IllegalArgumentException mac = assertThrows(IllegalArgumentException.class,
                () -> LinkRules.checkMac(MacAddress.parse("01:00:5e:00:00:01")));
        assertTrue(mac.getMessage().contains("unicast"), mac.getMessage());
    }

    @Test
    void nobodyElseCanOpenTheDoor() {
        assertThrows(IllegalStateException.class, () -> new ApiAccess() {
            @Override
            protected NetnsException exception(String o, String ob, int e, String n, String d, String k, Throwable c) {
                return null;
            }

            @Override
            protected NetnsPermissionException permission(String o, String ob, int e, String n, String d, String k, String c) {
                return null;
            }

            @Override
            protected NamespaceAlreadyExistsException alreadyExists(String o, String ob, int e, String n, String d, String k) {
                return null;
            }

            @Override
            protected NoSuchNamespaceException noSuchNamespace(String o, String ob, int e, String n, String d, String k) {
                return null;
            }

            @Override
            protected NoSuchLinkException noSuchLink(String o, String ob, int e, String n, String d, String k) {
                return null;
            }

            @Override
            protected int checkMtu(int mtu) {
                return mtu;
            }

            @Override
            protected MacAddress checkMac(MacAddress mac) {
                return mac;
            }
        });
    }
}
