package dev.netns.testkit;

import dev.netns.Cluster;
import dev.netns.ClusterNode;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import dev.netns.Pod;
import dev.netns.PodNetwork;

import java.util.List;
import java.util.Set;

/** One thing a {@link Scope} owns: how to remove it, and how to describe it to someone who wants to look at it. */
sealed interface Owned permits Owned.Named, Owned.Anonymous, Owned.BorrowedPod, Owned.OwnedCluster, Sandbox {

    void close() throws Exception;

    /** Where to find it: a name for {@code ip netns exec}, or a path for {@code nsenter}. */
    String describe();

    /** Adds the namespace names and inodes it holds. */
    void collect(Set<String> names, Set<Long> inodes);

    /** Its live namespaces. */
    List<NetworkNamespace> namespaces();

    /** {@code nsenter} can enter an anonymous namespace through this JVM's descriptor, while the JVM runs. */
    static String enterHint(NetworkNamespace ns) {
        String fdPath = ns.path().toString().replace("/proc/self/", "/proc/" + ProcessHandle.current().pid() + "/");
        return "nsenter --net=" + fdPath + " (while this JVM runs)";
    }

    /** A named namespace {@code tk-<pid>-<n>}: deleted, then closed. */
    record Named(NetworkNamespace ns) implements Owned {
        @Override
        public void close() throws Exception {
            if (ns.isClosed()) {
                // the test closed the handle itself (or deleted the namespace through it, which closes it)
                String name = ns.name().orElseThrow();
                if (NetworkNamespaces.exists(name)) {
                    NetworkNamespaces.delete(name);
                }
                return;
            }
            try {
                ns.delete();
            } finally {
                ns.close(); // the handle goes even when the name was already gone
            }
        }

        @Override
        public String describe() {
            return "namespace " + ns.name().orElseThrow() + " (ip netns exec " + ns.name().orElseThrow() + " ...)";
        }

        @Override
        public void collect(Set<String> names, Set<Long> inodes) {
            names.add(ns.name().orElseThrow());
            inodes.add(ns.id().inode());
        }

        @Override
        public List<NetworkNamespace> namespaces() {
            return ns.isClosed() ? List.of() : List.of(ns);
        }
    }

    /** An anonymous namespace: closing the only handle frees it. */
    record Anonymous(NetworkNamespace ns) implements Owned {
        @Override
        public void close() {
            ns.close();
        }

        @Override
        public String describe() {
            return "anonymous namespace " + ns.id() + ": " + enterHint(ns);
        }

        @Override
        public void collect(Set<String> names, Set<Long> inodes) {
            inodes.add(ns.id().inode());
        }

        @Override
        public List<NetworkNamespace> namespaces() {
            return ns.isClosed() ? List.of() : List.of(ns);
        }
    }

    /** A pod a test added to its class's network: removed after the test, the network stays. */
    record BorrowedPod(PodNetwork network, Pod pod) implements Owned {
        @Override
        public void close() throws Exception {
            if (!network.isClosed()) {
                network.removePod(pod.name());
            }
        }

        @Override
        public String describe() {
            String name = pod.namespace().name().orElse(pod.name());
            return "pod " + pod.name() + " at " + pod.address().getHostAddress() + " (ip netns exec " + name + " ...)";
        }

        @Override
        public void collect(Set<String> names, Set<Long> inodes) {
            if (!pod.namespace().isClosed()) {
                pod.namespace().name().ifPresent(names::add);
                inodes.add(pod.namespace().id().inode());
            }
        }

        @Override
        public List<NetworkNamespace> namespaces() {
            return List.of(); // counted with the class network it belongs to
        }
    }

    /** A cluster the testkit built: closing it removes its nodes, pods and underlay. */
    record OwnedCluster(Cluster cluster) implements Owned {
        @Override
        public void close() throws Exception {
            cluster.close();
        }

        @Override
        public String describe() {
            return "cluster " + cluster.spec().name() + " (ip netns list | grep " + cluster.spec().name() + ")";
        }

        @Override
        public void collect(Set<String> names, Set<Long> inodes) {
            if (cluster.isClosed()) {
                return;
            }
            add(cluster.underlay(), names, inodes);
            for (ClusterNode node : cluster.nodes()) {
                add(node.namespace(), names, inodes);
                for (Pod pod : node.podNetwork().pods()) {
                    add(pod.namespace(), names, inodes);
                }
            }
        }

        private static void add(NetworkNamespace ns, Set<String> names, Set<Long> inodes) {
            if (!ns.isClosed()) {
                ns.name().ifPresent(names::add);
                inodes.add(ns.id().inode());
            }
        }

        @Override
        public List<NetworkNamespace> namespaces() {
            return List.of(); // tests add pods to a class's cluster: its nodes' links are not compared
        }
    }
}
