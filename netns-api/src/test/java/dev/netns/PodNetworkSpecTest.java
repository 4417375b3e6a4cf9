package dev.netns;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The 0.2 builder options of a pod network: name, state directory, and what build() makes of them. */
class PodNetworkSpecTest {

    @Test
    void nameDefaultsToTheBridgeAndCreateKeepsAddressesInMemory() {
        PodNetwork.Spec spec = PodNetwork.builder().bridgeName("br-pods").subnet("10.244.1.0/24").build();
        assertEquals("br-pods", spec.name());
        assertEquals(Optional.empty(), spec.stateDirectory());
        assertEquals(Optional.empty(), spec.networkDirectory());
    }

    @Test
    void networkDirectoryIsStateDirectorySlashName() {
        PodNetwork.Spec spec = PodNetwork.builder().name("pods").stateDirectory(Path.of("/tmp/state"))
                .subnet("10.244.1.0/24").build();
        assertEquals(Optional.of(Path.of("/tmp/state/pods")), spec.networkDirectory());
        assertEquals(Path.of("/var/lib/cni/networks"), PodNetwork.Spec.DEFAULT_STATE_DIRECTORY);
    }

    @Test
    void theZeroOneConstructorNamesTheNetworkAfterItsBridge() {
        PodNetwork.Spec built = PodNetwork.builder().bridgeName("cni7").subnet("10.244.1.0/24").build();
        PodNetwork.Spec old = new PodNetwork.Spec(built.node(), "cni7", built.subnets(), built.mtu(), "", false);
        assertEquals(built, old);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-pods", ".pods", "a/b", "a b", "pods\r\n", "é"})
    void badNetworkNamesAreRefusedNamingTheRule(String bad) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PodNetwork.builder().name(bad));
        assertTrue(e.getMessage().contains("network name"), e.getMessage());
        assertTrue(e.getMessage().contains("CNI"), e.getMessage());
    }

    @Test
    void longNamesAreRefused() {
        PodNetwork.builder().name("n".repeat(255));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PodNetwork.builder().name("n".repeat(256)))
                .getMessage().contains("at most 255"));
    }

    @Test
    void cniNamesPass() {
        assertEquals("k8s-pod-network.v1_x", PodNetwork.builder().name("k8s-pod-network.v1_x").subnet("10.0.0.0/24")
                .build().name());
    }
}
