package dev.netns.linux.pod;

import dev.netns.linux.rtnl.LinkAttribute;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the kernel itself records about a network's devices, in their interface aliases
 * ({@code ip link show} prints them), so that any process can read it back and nothing else has to:
 *
 * <ul>
 *   <li>the bridge: {@code netns-network NAME} — which network it is, for a refusal naming both;</li>
 *   <li>a pod's host end: {@code netns-pod owned NSNAME} (a namespace {@code addPod} made, in the run
 *       directory) or {@code netns-pod borrowed PATH} (an attached namespace). It is set as the last
 *       step of adding a pod: a host end without it is a pod some process did not finish.</li>
 * </ul>
 */
final class Marks {
    private static final String NETWORK = "netns-network ";
    private static final String OWNED = "netns-pod owned ";
    private static final String BORROWED = "netns-pod borrowed ";

    private Marks() {
    }

    static String network(String name) {
        return NETWORK + name;
    }

    static Optional<String> networkName(Optional<String> alias) {
        return alias.filter(a -> a.startsWith(NETWORK)).map(a -> a.substring(NETWORK.length()));
    }

    /** @throws IllegalArgumentException if the name does not fit an alias (255 bytes) */
    static String owned(String namespaceName) {
        return fit(OWNED + namespaceName, "namespace name");
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
            return Optional.of(new PodMark(true, a.substring(OWNED.length())));
        }
        if (a.startsWith(BORROWED)) {
            return Optional.of(new PodMark(false, a.substring(BORROWED.length())));
        }
        return Optional.empty();
    }

    /**
     * A finished pod's mark.
     *
     * @param owned     whether the network made (and so deletes) the namespace
     * @param namespace the run-directory name of an owned namespace, the path of a borrowed one
     */
    record PodMark(boolean owned, String namespace) {
    }
}
