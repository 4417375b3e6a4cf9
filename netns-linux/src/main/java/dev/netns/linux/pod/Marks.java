package dev.netns.linux.pod;

import dev.netns.IpPrefix;
import dev.netns.NamespaceId;
import dev.netns.linux.rtnl.LinkAttribute;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the kernel itself records about a network's devices, in their interface aliases
 * ({@code ip link show} prints them), so that any process can read it back and nothing else has to:
 *
 * <ul>
 *   <li>the bridge: {@code netns-network NAME} — which network it is, for a refusal naming both — and,
 *       for a bridge without the gateway addresses, {@code no-gateway} and the subnets;</li>
 *   <li>a pod's host end: {@code netns-pod owned DEV:INODE NSNAME} (a namespace {@code addPod} made, in
 *       the run directory, with its identity, so that a namespace created again under the name by
 *       someone else is never taken for the pod's) or {@code netns-pod borrowed PATH} (an attached
 *       namespace). It is set as the last
 *       step of adding a pod: a host end without it is a pod some process did not finish.</li>
 * </ul>
 */
final class Marks {
    private static final String NETWORK = "netns-network ";
    private static final String OWNED = "netns-pod owned ";
    private static final String BORROWED = "netns-pod borrowed ";
    private static final String NO_GATEWAY = " no-gateway";

    private Marks() {
    }

    static String network(String name) {
        return NETWORK + name;
    }

    /**
     * The mark of a bridge: {@code netns-network NAME} when it carries the gateways (they show its
     * subnets), else {@code netns-network NAME no-gateway SUBNET...}, so that every process opening it
     * learns the choice and the node's other networks still see its subnets.
     *
     * @throws IllegalArgumentException if it does not fit an alias (255 bytes)
     */
    static String network(String name, boolean gatewayOnBridge, List<IpPrefix> subnets) {
        if (gatewayOnBridge) {
            return network(name);
        }
        StringBuilder b = new StringBuilder(NETWORK).append(name).append(NO_GATEWAY);
        for (IpPrefix s : subnets) {
            b.append(' ').append(s);
        }
        return fit(b.toString(), "network name");
    }

    static Optional<String> networkName(Optional<String> alias) {
        Optional<BridgeMark> mark = bridge(alias);
        return mark.isPresent() ? Optional.of(mark.get().network()) : Optional.empty();
    }

    /** What a bridge's alias says, if it is a network's mark. */
    static Optional<BridgeMark> bridge(Optional<String> alias) {
        if (alias.isEmpty() || !alias.get().startsWith(NETWORK)) {
            return Optional.empty();
        }
        String rest = alias.get().substring(NETWORK.length());
        int cut = rest.indexOf(NO_GATEWAY);
        if (cut < 0) {
            return Optional.of(new BridgeMark(rest, true, List.of()));
        }
        List<IpPrefix> subnets = new ArrayList<>();
        for (String s : rest.substring(cut + NO_GATEWAY.length()).strip().split(" ")) {
            try {
                subnets.add(IpPrefix.parse(s));
            } catch (IllegalArgumentException notOurs) {
                return Optional.empty();
            }
        }
        return Optional.of(new BridgeMark(rest.substring(0, cut), false, subnets));
    }

    /**
     * A network's bridge mark.
     *
     * @param network         the network's name
     * @param gatewayOnBridge whether the bridge carries the gateways
     * @param subnets         the subnets of a bridge without gateways (empty otherwise: its addresses show them)
     */
    record BridgeMark(String network, boolean gatewayOnBridge, List<IpPrefix> subnets) {
    }

    /** @throws IllegalArgumentException if the name does not fit an alias (255 bytes) */
    static String owned(String namespaceName, NamespaceId id) {
        return fit(OWNED + Long.toUnsignedString(id.device()) + ":" + Long.toUnsignedString(id.inode()) + " " + namespaceName,
                "namespace name");
    }

    /**
     * Refuses, before anything is made, a namespace name whose mark would not fit with any identity.
     *
     * @throws IllegalArgumentException if it does not fit (255 bytes)
     */
    static void checkOwned(String namespaceName) {
        // counted rather than built: this runs for every pod; the widest identity is two unsigned 64-bit numbers
        if (OWNED.length() + WIDEST_IDENTITY + 1 + utf8Length(namespaceName) > LinkAttribute.Alias.MAX_BYTES) {
            owned(namespaceName, new NamespaceId(-1L, -1L)); // throws, naming the mark
        }
    }

    /** {@code DEV:INODE} of the widest identity, {@code 18446744073709551615:18446744073709551615}. */
    private static final int WIDEST_IDENTITY = 2 * Long.toUnsignedString(-1L).length() + 1;

    private static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3; // an unpaired surrogate becomes '?' (1 byte) in getBytes: counting 3 only errs towards owned()'s own check
            }
        }
        return n;
    }

    /**
     * The mark of an attached pod. {@code path} must name the namespace for other processes too,
     * so a {@code /proc/self/...} path is written with this process's pid.
     *
     * @throws IllegalArgumentException if the path does not fit an alias (255 bytes)
     */
    static String borrowed(Path path) {
        String p = path.toString();
        if (p.startsWith("/proc/self/")) {
            p = "/proc/" + ProcessHandle.current().pid() + p.substring("/proc/self".length());
        }
        return fit(BORROWED + p, "namespace path");
    }

    private static String fit(String mark, String what) {
        if (mark.getBytes(StandardCharsets.UTF_8).length > LinkAttribute.Alias.MAX_BYTES) {
            throw new IllegalArgumentException("the " + what + " is too long to record on the pod's host end: its interface alias \""
                    + mark + "\" exceeds " + LinkAttribute.Alias.MAX_BYTES + " bytes (IFALIASZ-1)");
        }
        return mark;
    }

    /** The pod a host end's alias describes, if it is a finished pod's mark. */
    static Optional<PodMark> pod(Optional<String> alias) {
        if (alias.isEmpty()) {
            return Optional.empty();
        }
        String a = alias.get();
        if (a.startsWith(OWNED)) {
            // DEV:INODE NSNAME, both numbers unsigned decimal; anything else is not a mark this library writes
            String rest = a.substring(OWNED.length());
            int colon = rest.indexOf(':');
            int space = colon < 0 ? -1 : rest.indexOf(' ', colon + 1);
            if (space < 0 || space == rest.length() - 1 || !digits(rest, 0, colon) || !digits(rest, colon + 1, space)) {
                return Optional.empty();
            }
            NamespaceId id;
            try {
                id = new NamespaceId(Long.parseUnsignedLong(rest, 0, colon, 10), Long.parseUnsignedLong(rest, colon + 1, space, 10));
            } catch (NumberFormatException beyond64Bits) {
                return Optional.empty();
            }
            return Optional.of(new PodMark(true, rest.substring(space + 1), Optional.of(id)));
        }
        if (a.startsWith(BORROWED)) {
            return Optional.of(new PodMark(false, a.substring(BORROWED.length()), Optional.empty()));
        }
        return Optional.empty();
    }

    /** Whether {@code s[from, to)} is one or more ASCII digits (a loop: no regular expression compiled before the first pod). */
    private static boolean digits(String s, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * A finished pod's mark.
     *
     * @param owned     whether the network made (and so deletes) the namespace
     * @param namespace the run-directory name of an owned namespace, the path of a borrowed one
     * @param identity  an owned namespace's identity when {@code addPod} made it (dev/inode)
     */
    record PodMark(boolean owned, String namespace, Optional<NamespaceId> identity) {
    }
}
