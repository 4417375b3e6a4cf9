package dev.netns.examples;

import dev.netns.IpPrefix;
import dev.netns.NetnsException;
import dev.netns.Pod;
import dev.netns.PodNetwork;
import dev.netns.examples.topology.TextDiagram;
import dev.netns.examples.topology.Topology;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code pod add|list|del}: pods by hand, on a pod network kept in a named sandbox node namespace
 * ({@value #DEFAULT_NODE} unless {@code --node} says otherwise), made on the first {@code pod add}.
 * The network is the SDK's shared one ({@link PodNode}): each command opens it again.
 */
final class PodCommand {
    static final String DEFAULT_NODE = "netns-node";
    static final String DEFAULT_SUBNET = "10.244.1.0/24";

    private final Out out;

    PodCommand(Out out) {
        this.out = out;
    }

    int run(List<String> args) throws NetnsException {
        if (args.isEmpty()) {
            throw new UsageException("pod", "missing subcommand (add, list or del)");
        }
        String sub = args.getFirst();
        List<String> tail = args.subList(1, args.size());
        try {
            return switch (sub) {
                case "add" -> add(Args.parse("pod add", tail, Set.of(), Set.of("--node", "--subnet", "--state-dir"), -1)
                        .expect("pod add", 1, "pod NAME"));
                case "list", "ls" -> list(Args.parse("pod list", tail, Set.of("--diagram"), Set.of("--node", "--state-dir"), -1)
                        .expect("pod list", 0, ""));
                case "del", "delete", "rm" -> del(Args.parse("pod del", tail, Set.of("--all"), Set.of("--node", "--state-dir"), -1));
                default -> throw new UsageException("pod", "unknown subcommand '" + sub + "' (add, list or del)");
            };
        } catch (IllegalArgumentException e) {
            // names and subnets are checked by the SDK before any system call, naming the rule broken
            throw new UsageException("pod " + sub, e.getMessage());
        }
    }

    private int add(Args a) throws NetnsException {
        String name = a.positionals().getFirst();
        String node = a.option("--node").orElse(DEFAULT_NODE);
        checkPodName(name, node);
        Optional<String> subnetOption = a.option("--subnet");
        IpPrefix subnet = IpPrefix.parse(subnetOption.orElse(DEFAULT_SUBNET));
        PodNetwork.builder().subnet(subnet.toString()); // the same rules as the SDK's pod networks (network address, room for pods)
        if (!subnet.isIpv4()) {
            throw new IllegalArgumentException("the CLI's pod network is IPv4 only, got " + subnet);
        }
        Optional<PodNode> existing = PodNode.open(node, PodNode.stateDirectory(a));
        try (PodNode p = existing.isPresent() ? existing.get() : PodNode.create(node, subnet, PodNode.stateDirectory(a))) {
            PodNetwork net = p.network();
            IpPrefix gateway = net.gateways().getFirst();
            if (existing.isEmpty()) {
                out.println("created node namespace " + node + " (" + p.node().path() + ") with bridge " + PodNode.BRIDGE
                        + ", gateway " + gateway);
            } else if (subnetOption.isPresent() && !gateway.network().equals(subnet)) {
                throw new IllegalStateException("node " + node + " already has subnet " + gateway.network() + ", not " + subnet);
            }
            if (net.pods().stream().anyMatch(x -> x.id().equals(name))) {
                throw new IllegalStateException("pod " + name + " exists on node " + node);
            }
            Pod pod = net.addPod(name);
            out.println("pod " + name + ": " + pod.interfaceName() + " " + pod.addresses().getFirst() + " in " + pod.namespace().path()
                    + ", host end " + pod.hostInterfaceName() + " on " + PodNode.BRIDGE);
        }
        return 0;
    }

    private int list(Args a) throws NetnsException {
        String node = a.option("--node").orElse(DEFAULT_NODE);
        Optional<PodNode> found = PodNode.open(node, PodNode.stateDirectory(a));
        if (found.isEmpty()) {
            out.println("no pod network on node " + node + " (the first 'pod add' makes one)");
            return 0;
        }
        try (PodNode p = found.get()) {
            IpPrefix gateway = p.network().gateways().getFirst();
            List<Pod> pods = p.network().pods().stream().sorted(Comparator.comparing(Pod::id)).toList();
            out.println("node " + node + " (" + p.node().path() + "): bridge " + PodNode.BRIDGE + ", gateway " + gateway
                    + ", " + pods.size() + (pods.size() == 1 ? " pod" : " pods"));
            if (pods.isEmpty()) {
                return 0;
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"POD", "ADDRESS", "NAMESPACE", "HOST-IF"});
            for (Pod pod : pods) {
                rows.add(new String[] {pod.id(), pod.addresses().getFirst().toString(), pod.namespace().path().toString(),
                        pod.hostInterfaceName()});
            }
            table(rows);
            if (a.has("--diagram")) {
                List<Topology.PodView> views = pods.stream()
                        .map(pod -> new Topology.PodView(pod.id(), pod.namespace().name().orElseThrow(), pod.namespace().path(),
                                pod.interfaceName(), pod.addresses().getFirst(), pod.hostInterfaceName(), List.of()))
                        .toList();
                out.println();
                out.out().print(TextDiagram.render(new Topology(node, p.node().path(), PodNode.BRIDGE, gateway, gateway.network(), views)));
            }
        }
        return 0;
    }

    private int del(Args a) throws NetnsException {
        String node = a.option("--node").orElse(DEFAULT_NODE);
        boolean all = a.has("--all");
        if (all == !a.positionals().isEmpty()) {
            throw new UsageException("pod del", all ? "give pod names or --all, not both" : "missing pod NAME (or --all)");
        }
        Optional<PodNode> found = PodNode.open(node, PodNode.stateDirectory(a));
        if (found.isEmpty()) {
            throw new IllegalStateException("there is no pod network on node " + node);
        }
        try (PodNode p = found.get()) {
            List<Pod> pods = p.network().pods();
            if (all) {
                p.network().delete();
                p.node().delete();
                out.println("removed " + pods.size() + (pods.size() == 1 ? " pod" : " pods") + ", bridge " + PodNode.BRIDGE
                        + " and node namespace " + node);
                return 0;
            }
            List<Pod> chosen = new ArrayList<>();
            for (String name : a.positionals()) {
                chosen.add(pods.stream().filter(x -> x.id().equals(name)).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no pod " + name + " on node " + node)));
            }
            for (Pod pod : chosen) {
                String namespace = pod.namespace().name().orElseThrow();
                p.network().removePod(pod.id());
                out.println("removed pod " + pod.id() + " (" + namespace + ", " + pod.hostInterfaceName() + ")");
            }
        }
        return 0;
    }

    /** A pod name becomes part of a namespace name; keep it to letters, digits, '-', '_' and '.' so it reads well in a shell. */
    static void checkPodName(String name, String node) {
        if (name.isEmpty() || !name.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.') || name.startsWith(".")) {
            throw new IllegalArgumentException("pod name must be letters, digits, '-', '_' or '.' and not start with '.': \"" + name + "\"");
        }
        if ((node + "-" + name).getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255) {
            throw new IllegalArgumentException("pod name too long: the namespace name " + node + "-" + name + " exceeds 255 bytes");
        }
    }

    private void table(List<String[]> rows) {
        int[] w = new int[rows.getFirst().length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                sb.append(i == r.length - 1 ? r[i] : String.format(Locale.ROOT, "%-" + (w[i] + 2) + "s", r[i]));
            }
            out.println(sb.toString().stripTrailing());
        }
    }
}
