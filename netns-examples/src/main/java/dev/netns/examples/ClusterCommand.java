package dev.netns.examples;

import dev.netns.Cluster;
import dev.netns.ClusterNode;
import dev.netns.NetworkNamespaces;
import dev.netns.Pod;
import dev.netns.examples.topology.ClusterDiagram;
import dev.netns.examples.topology.ClusterDot;
import dev.netns.examples.topology.ClusterTopology;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code cluster}: builds a cluster of N node namespaces on an underlay (VXLAN or host-gw), puts a
 * pod on every node, has the pod on the first node talk TCP to every other node's pod and back,
 * draws the cluster, and tears it down checking that nothing is left ({@code --keep} leaves it).
 */
final class ClusterCommand {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final Out out;

    ClusterCommand(Out out) {
        this.out = out;
    }

    int run(List<String> args) throws Exception {
        Args a = Args.parse("cluster", args, Set.of("--keep"), Set.of("--nodes", "--mode", "--name", "--out"), -1)
                .expect("cluster", 0, "");
        int nodes = a.option("--nodes").map(ClusterCommand::nodes).orElse(3);
        Cluster.Mode mode = a.option("--mode").map(ClusterCommand::mode).orElse(Cluster.Mode.VXLAN);
        String name = a.option("--name").orElse("netns-cluster-" + ProcessHandle.current().pid());
        Cluster.Builder builder;
        try {
            builder = Cluster.builder().name(name).nodes(nodes).mode(mode);
            builder.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException("cluster", e.getMessage());
        }
        StepLog log = new StepLog(out, 4);
        log.step(1, "A cluster of " + nodes + " nodes, " + (mode == Cluster.Mode.VXLAN ? "VXLAN overlay" : "host-gw routes"));
        Cluster cluster = log.timed("create the cluster", builder::create,
                c -> "created underlay " + c.underlay().name().orElseThrow() + " and nodes " + names(c));
        boolean keep = a.has("--keep");
        try {
            log.step(2, "A pod on every node");
            List<Pod> pods = new ArrayList<>();
            for (ClusterNode node : cluster.nodes()) {
                String pod = "pod" + node.index();
                pods.add(log.timed("add pod " + pod + " on " + node.name(), () -> node.addPod(pod),
                        p -> "pod " + p.name() + " on " + node.name() + " at " + p.address().getHostAddress()
                                + " (" + node.podSubnet() + ")"));
            }
            log.step(3, "Pods talk TCP across nodes, both ways");
            Pod first = pods.getFirst();
            for (Pod other : pods.subList(1, pods.size())) {
                exchange(log, first, other);
                exchange(log, other, first);
            }
            log.step(4, "The cluster");
            out.println();
            ClusterTopology topology = ClusterTopology.of(cluster);
            out.out().print(ClusterDiagram.render(topology));
            if (a.option("--out").isPresent()) {
                Path dot = Files.createDirectories(Path.of(a.option("--out").get())).resolve("cluster.dot");
                Files.writeString(dot, ClusterDot.render(topology));
                out.println();
                out.println("Graphviz: " + dot + " (dot -Tsvg " + dot + " -o cluster.svg)");
            }
            if (keep) {
                out.println();
                out.println("Kept. Look with: ip netns list; ip -n " + cluster.node(0).name() + " route; "
                        + "bridge -n " + cluster.node(0).name() + " fdb show");
                out.println("Remove with: netns ns del " + String.join(" ", NetworkNamespaces.list().stream()
                        .filter(n -> n.startsWith(name)).sorted().toList()));
                return 0;
            }
        } finally {
            if (!keep) {
                log.section("Teardown");
                log.timed("close the cluster", () -> {
                    cluster.close();
                    return NetworkNamespaces.list().stream().filter(n -> n.startsWith(name)).toList();
                }, left -> left.isEmpty() ? "nodes, pods and underlay removed: nothing named " + name + "* is left"
                        : "LEFT BEHIND: " + left);
            }
        }
        return 0;
    }

    private static void exchange(StepLog log, Pod client, Pod server) throws StepLog.StepFailedException {
        log.timed("connect from " + client.name() + " to " + server.name(),
                () -> TcpExchange.run(server.namespace(), server.address(), 9000, client.namespace(), "hello from " + client.name(), TIMEOUT),
                x -> client.name() + " -> " + server.name() + " " + server.address().getHostAddress() + ":9000: " + x.reply());
    }

    private static String names(Cluster c) {
        return String.join(", ", c.nodes().stream().map(ClusterNode::name).toList());
    }

    private static int nodes(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new UsageException("cluster", "--nodes must be a number, not '" + text + "'");
        }
    }

    private static Cluster.Mode mode(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "vxlan" -> Cluster.Mode.VXLAN;
            case "host-gw", "hostgw", "host_gw" -> Cluster.Mode.HOST_GW;
            default -> throw new UsageException("cluster", "--mode must be vxlan or host-gw, not '" + text + "'");
        };
    }
}
