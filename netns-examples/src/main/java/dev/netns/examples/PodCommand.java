package dev.netns.examples;

import dev.netns.IpPrefix;
import dev.netns.NetnsException;
import dev.netns.PodNetwork;
import dev.netns.examples.topology.TextDiagram;
import dev.netns.examples.topology.Topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code pod add|list|del}: pods by hand, on a pod network kept in a named sandbox node namespace
 * ({@value #DEFAULT_NODE} unless {@code --node} says otherwise), made on the first {@code pod add}.
 * See {@link PodStore} for how the state lives in the kernel between commands.
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
                case "add" -> add(Args.parse("pod add", tail, Set.of(), Set.of("--node", "--subnet"), -1).expect("pod add", 1, "pod NAME"));
                case "list", "ls" -> list(Args.parse("pod list", tail, Set.of("--diagram"), Set.of("--node"), -1).expect("pod list", 0, ""));
                case "del", "delete", "rm" -> del(Args.parse("pod del", tail, Set.of("--all"), Set.of("--node"), -1));
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
        Optional<PodStore> existing = PodStore.open(node);
        try (PodStore store = existing.isPresent() ? existing.get() : PodStore.create(node, subnet)) {
            IpPrefix gateway = store.gateway();
            if (existing.isEmpty()) {
                out.println("created node namespace " + node + " (" + store.nodePath() + ") with bridge " + PodStore.BRIDGE
                        + ", gateway " + gateway);
            } else if (subnetOption.isPresent() && !gateway.network().equals(subnet)) {
                throw new IllegalStateException("node " + node + " already has subnet " + gateway.network() + ", not " + subnet);
            }
            PodStore.PodInfo pod = store.add(name);
            out.println("pod " + name + ": " + PodStore.POD_INTERFACE + " " + pod.address().map(IpPrefix::toString).orElse("-")
                    + " in " + pod.path() + ", host end " + pod.hostInterface() + " on " + PodStore.BRIDGE);
        }
        return 0;
    }

    private int list(Args a) throws NetnsException {
        String node = a.option("--node").orElse(DEFAULT_NODE);
        Optional<PodStore> found = PodStore.open(node);
        if (found.isEmpty()) {
            out.println("no pod network on node " + node + " (the first 'pod add' makes one)");
            return 0;
        }
        try (PodStore store = found.get()) {
            IpPrefix gateway = store.gateway();
            List<PodStore.PodInfo> pods = store.pods();
            out.println("node " + node + " (" + store.nodePath() + "): bridge " + PodStore.BRIDGE + ", gateway " + gateway
                    + ", " + pods.size() + (pods.size() == 1 ? " pod" : " pods"));
            if (pods.isEmpty()) {
                return 0;
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"POD", "ADDRESS", "NAMESPACE", "HOST-IF"});
            for (PodStore.PodInfo p : pods) {
                rows.add(new String[] {p.name(), p.address().map(IpPrefix::toString).orElse("-"), p.path().toString(), p.hostInterface()});
            }
            table(rows);
            if (a.has("--diagram")) {
                List<Topology.PodView> views = pods.stream().filter(p -> p.address().isPresent())
                        .map(p -> new Topology.PodView(p.name(), p.namespace(), p.path(), PodStore.POD_INTERFACE, p.address().get(),
                                p.hostInterface(), List.of()))
                        .toList();
                out.println();
                out.out().print(TextDiagram.render(new Topology(node, store.nodePath(), PodStore.BRIDGE, gateway, gateway.network(), views)));
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
        Optional<PodStore> found = PodStore.open(node);
        if (found.isEmpty()) {
            throw new IllegalStateException("there is no pod network on node " + node);
        }
        try (PodStore store = found.get()) {
            List<PodStore.PodInfo> pods = store.pods();
            if (all) {
                store.removeAll();
                out.println("removed " + pods.size() + (pods.size() == 1 ? " pod" : " pods") + ", bridge " + PodStore.BRIDGE
                        + " and node namespace " + node);
                return 0;
            }
            List<PodStore.PodInfo> chosen = new ArrayList<>();
            for (String name : a.positionals()) {
                chosen.add(pods.stream().filter(p -> p.name().equals(name)).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no pod " + name + " on node " + node)));
            }
            for (PodStore.PodInfo p : chosen) {
                store.remove(p);
                out.println("removed pod " + p.name() + " (" + p.namespace() + ", " + p.hostInterface() + ")");
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
