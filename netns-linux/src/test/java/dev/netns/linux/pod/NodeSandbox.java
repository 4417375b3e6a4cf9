package dev.netns.linux.pod;

import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import dev.netns.linux.testing.Witness;

import java.util.ArrayList;
import java.util.List;

/**
 * A named sandbox node namespace for pod tests (named, so {@code ip -n} can witness it) and a prefix
 * unique to it for the pods' namespaces; {@link #close()} removes both, whatever the test left.
 */
final class NodeSandbox implements AutoCloseable {
    final String nodeName;
    final NetworkNamespace node;
    final String prefix;

    /** A new sandbox; a failure to make it fails the test that asked. */
    static NodeSandbox create(String stem) {
        try {
            return new NodeSandbox(stem);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a sandbox node namespace", e);
        }
    }

    private NodeSandbox(String stem) throws Exception {
        nodeName = Witness.uniqueName(stem);
        node = NetworkNamespaces.create(nodeName);
        prefix = stem.substring(0, 2) + ProcessHandle.current().pid() + "-"
                + nodeName.substring(nodeName.lastIndexOf('-') + 1) + "-";
    }

    /** {@code ip -n NODE args...}. */
    String ip(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", nodeName));
        cmd.addAll(List.of(args));
        return Witness.run(cmd.toArray(String[]::new));
    }

    @Override
    public void close() throws Exception {
        for (String n : NetworkNamespaces.list()) {
            if (n.startsWith(prefix)) {
                Witness.ipNetnsDelIfPresent(n);
            }
        }
        node.close();
        Witness.ipNetnsDelIfPresent(nodeName);
    }
}
