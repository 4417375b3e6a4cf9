package dev.netns.benchmarks.cold;

import dev.netns.NetnsException;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import dev.netns.PodNetwork;

/**
 * What a short-lived program does, run in a fresh JVM per sample by {@link Harness}: its first SDK
 * call makes a named namespace (the node), then a pod network on it, then one pod. Prints one line,
 * {@code namespace <µs> network <µs> pod <µs> ready}, as soon as the pod is ready (the harness times
 * the whole process up to that line), then removes everything it made.
 *
 * {@snippet lang=shell :
 * java --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar dev.netns.benchmarks.cold.FirstPod
 * }
 *
 * <p>It uses nothing but the public API, the way an application would: no benchmark fixtures are
 * loaded before the first SDK call. Names start with {@code bm-<pid>-} like every benchmark's, so a
 * sample that dies is swept by the next trial.
 */
public final class FirstPod {
    private FirstPod() {
    }

    public static void main(String[] args) throws NetnsException {
        String prefix = "bm-" + ProcessHandle.current().pid() + "-";
        long start = System.nanoTime();
        NetworkNamespace node = NetworkNamespaces.create(prefix + "node");
        try {
            long namespace = System.nanoTime();
            try (PodNetwork network = PodNetwork.builder().node(node).subnet("10.244.0.0/16").namespacePrefix(prefix).create()) {
                long created = System.nanoTime();
                network.addPod("pod");
                long ready = System.nanoTime();
                System.out.println("namespace " + micros(namespace - start) + " network " + micros(created - namespace)
                        + " pod " + micros(ready - created) + " ready");
                System.out.flush();
            }
        } finally {
            node.delete();
        }
    }

    private static String micros(long nanos) {
        return Long.toString(nanos / 1_000);
    }
}
