package dev.netns;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * netns-api's own tests run without netns-linux on the class path: exactly the consumer who forgot
 * the runtime dependency. Every call says which artifact is missing, the first and every later one.
 */
class MissingProviderTest {
    private static final String ARTIFACT = "dev.netns:netns-linux";

    @Test
    void everyCallNamesTheMissingArtifact() {
        for (int attempt = 0; attempt < 2; attempt++) {
            IllegalStateException e = assertThrows(IllegalStateException.class, NetworkNamespaces::create);
            assertTrue(e.getMessage().contains(ARTIFACT), e.getMessage());
            IllegalStateException list = assertThrows(IllegalStateException.class, NetworkNamespaces::list);
            assertTrue(list.getMessage().contains(ARTIFACT), list.getMessage());
        }
        Optional<String> reason = NetworkNamespaces.unavailableReason();
        assertTrue(reason.orElseThrow().contains(ARTIFACT), reason.toString());
        assertEquals(reason, NetworkNamespaces.unavailableReason(), "and again");
    }
}
