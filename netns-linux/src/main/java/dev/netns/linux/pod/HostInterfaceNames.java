package dev.netns.linux.pod;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names of the pods' host-side veth ends: {@code veth} plus 11 hex digits of a SHA-256 of the pod's
 * namespace name — 15 bytes, the kernel's limit. Deterministic, so a pod's host end can be found
 * from its name alone (as the CNI bridge plugin's are from the container id); namespace names are
 * unique on the machine, so equal names would need a 44-bit hash collision, which the network
 * still detects and refuses.
 */
final class HostInterfaceNames {
    private static final HexFormat HEX = HexFormat.of();

    private HostInterfaceNames() {
    }

    static String forNamespace(String namespaceName) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(namespaceName.getBytes(StandardCharsets.UTF_8));
            return "veth" + HEX.formatHex(digest).substring(0, 11);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }
}
