package dev.netns.witness;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The witnesses against what iproute2 itself made, in a namespace of this test's own. */
@Tag("kernel")
class IpAndProcTest {
    private final String ns = Owner.of("wt").uniqueName("ip");

    @BeforeEach
    void namespace() {
        Root.required();
        Commands.run("ip", "netns", "add", ns);
    }

    @AfterEach
    void cleanUp() {
        Ip.netnsDeleteIfPresent(ns);
    }

    @Test
    void aNamespaceMadeByIpIsListedMountedAndGoneAfterDelete() {
        assertTrue(Ip.netnsList().contains(ns));
        assertTrue(Proc.mounted("/run/netns/" + ns));
        assertEquals(1, Proc.nsfsMounts("/run/netns/" + ns));
        long inode = Proc.inodeOf("/run/netns/" + ns);
        assertTrue(Proc.nsfsMountOf(inode));
        assertTrue(Ip.netnsDeleteIfPresent(ns));
        assertFalse(Ip.netnsList().contains(ns));
        assertFalse(Proc.nsfsMountOf(inode));
        assertFalse(Ip.netnsDeleteIfPresent(ns), "nothing left to delete");
    }

    @Test
    void linksAddressesAndRoutesAreReadBack() {
        Ip.in(ns, "link", "add", "br0", "type", "bridge");
        Ip.in(ns, "link", "add", "v0", "mtu", "1400", "type", "veth", "peer", "name", "v1");
        Ip.in(ns, "link", "set", "v0", "master", "br0");
        Ip.in(ns, "link", "set", "v0", "up");
        Ip.in(ns, "link", "set", "v1", "up");
        Ip.in(ns, "addr", "add", "10.9.0.1/24", "dev", "v1");
        Ip.in(ns, "route", "add", "10.8.0.0/16", "via", "10.9.0.2");

        Ip.Link v0 = Ip.link(ns, "v0").orElseThrow();
        assertEquals("veth", v0.kind().orElseThrow());
        assertEquals(1400, v0.mtu());
        assertEquals("br0", v0.master().orElseThrow());
        assertTrue(v0.isUp());
        assertEquals("bridge", Ip.link(ns, "br0").orElseThrow().kind().orElseThrow());
        assertTrue(Ip.link(ns, "lo").orElseThrow().kind().isEmpty());

        assertTrue(Ip.addresses(ns).contains(new Ip.Address("v1", "inet", "10.9.0.1", 24, "global")), Ip.addresses(ns).toString());
        List<Ip.Route> routes = Ip.routes(ns);
        Ip.Route via = routes.stream().filter(r -> r.destination().equals("10.8.0.0/16")).findFirst().orElseThrow();
        assertEquals("10.9.0.2", via.gateway().orElseThrow());
        assertEquals("v1", via.device().orElseThrow());
    }

    @Test
    void aMissingNamespaceFailsTheWitness() {
        AssertionError e = assertThrows(AssertionError.class, () -> Ip.links(ns + "-absent"));
        assertTrue(e.getMessage().contains(ns + "-absent"), e.getMessage());
    }

    @Test
    void descriptorsAndTheThreadNamespaceAreSeen() throws Exception {
        String here = Proc.currentThreadNetns();
        assertTrue(here.startsWith("net:["), here);
        int before = Proc.openFds();
        long held = Proc.namespaceFds().stream().filter(here::equals).count();
        try (var in = new java.io.FileInputStream("/proc/thread-self/ns/net")) {
            assertEquals(held + 1, Proc.namespaceFds().stream().filter(here::equals).count(), Proc.fdTargets().toString());
            assertEquals(before + 1, Proc.openFds());
        }
        assertEquals(held, Proc.namespaceFds().stream().filter(here::equals).count());
        assertEquals(here, Proc.currentThreadNetns());
    }
}
