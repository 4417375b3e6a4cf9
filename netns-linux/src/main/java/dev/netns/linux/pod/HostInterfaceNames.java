package dev.netns.linux.pod;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Names of the pods' host-side veth ends: {@code veth} plus 11 hex digits of a SHA-256 — 15 bytes,
 * the kernel's limit. Deterministic, so any process finds a pod's host end from what the state
 * directory says about the pod (as the CNI bridge plugin's are found from the container id): for
 * an {@code addPod} pod a hash of its namespace name (unique on the machine), for an attached one a
 * hash of the network's name, the pod's id and its interface. Equal names would need a 44-bit hash
 * collision, which the kernel refuses ({@code EEXIST}) rather than confuses.
 */
final class HostInterfaceNames {
    private static final HexFormat HEX = HexFormat.of();

    private HostInterfaceNames() {
    }

    static String forNamespace(String namespaceName) {
        return "veth" + hash(namespaceName);
    }

    static String forAttachment(String network, String id, String interfaceName) {
        // NUL cannot occur in any of the three, so distinct triples hash distinct inputs
        return "veth" + hash("attach\0" + network + "\0" + id + "\0" + interfaceName);
    }

    private static String hash(String input) {
        return HEX.formatHex(Sha256.digest(input.getBytes(StandardCharsets.UTF_8))).substring(0, 11);
    }
}
