package dev.netns.linux.pod;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The hand-written SHA-256 behind host-end names, against the JDK's and against {@code sha256sum}. */
class Sha256Test {
    @Test
    void theStandardsOwnExampleDigests() {
        // FIPS 180-4's one-block example, "abc"
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                HexFormat.of().formatHex(Sha256.digest("abc".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void equalsTheJdksDigestAcrossEveryPaddingBoundary() throws Exception {
        // lengths 0..300 cover 55/56/63/64 bytes mod 64, where the length field moves to a block of its own
        Random random = new Random(16);
        for (int length = 0; length <= 300; length++) {
            byte[] input = new byte[length];
            random.nextBytes(input);
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(input), Sha256.digest(input), "length " + length);
        }
    }

    @Test
    void hostEndNamesStayWhatDurableNetworksRecorded() {
        // printf 'web-0' | sha256sum; printf 'attach\0net1\0ctr-9\0eth0' | sha256sum
        assertEquals("veth1ae6fac6e0a", HostInterfaceNames.forNamespace("web-0"));
        assertEquals("veth5a5b55474f1", HostInterfaceNames.forAttachment("net1", "ctr-9", "eth0"));
    }
}
