package dev.netns.examples;

/** The CLI's help texts, one per command, written for a reader at a terminal (80 columns). */
final class Help {
    private Help() {
    }

    static final String MAIN = """
            netns - Linux network namespaces and Kubernetes-style pod networks from Java

            Usage: netns [COMMAND] [OPTIONS]     (no command: the demo)

            Commands:
              demo                   Run the pod-networking demo (the default): a sandbox node
                                     namespace, a pod network, two pods, an HTTP server and
                                     clients, a picture of it all, then a verified teardown.
              ns add NAME            Create a named network namespace     (ip netns add NAME)
              ns list                List the named network namespaces    (ip netns list)
              ns del NAME...         Delete named network namespaces      (ip netns del NAME)
              ns exec NAME CMD...    Run a command inside a namespace     (ip netns exec NAME CMD)
              pod add NAME           Add a pod to the pod network of a sandbox node namespace,
                                     making the node (bridge cni0, subnet 10.244.1.0/24) first
              pod list               List the pods of that network
              pod del NAME... | --all
                                     Remove pods, or the whole network with its node namespace
              cluster                Build a cluster of node namespaces (VXLAN or host-gw), a
                                     pod on each node talking TCP across nodes, a picture of it
              help [COMMAND]         Show help for a command (also: COMMAND --help)

            Options:
              -h, --help             Show help
              --debug                Show the stack trace when something fails

            Everything goes through the netns SDK (no 'ip' process is run), and everything it
            makes lives in namespaces it creates: the machine's own network is never changed.
            Namespaces are the same files 'ip netns' uses (/run/netns/NAME), so both tools see
            each other's work. It needs Linux, root (CAP_SYS_ADMIN and CAP_NET_ADMIN), JDK 25
            and the JVM flag --enable-native-access=ALL-UNNAMED.

            Exit status: 0 done, 1 failed (the message says why and what to do), 2 bad usage;
            'ns exec' exits with the command's own status.

            Run it from the repository's root (Maven selects JDK 25 through toolchains):
              %s
            """.formatted(NetnsCli.invocation("ARGS"));

    static final String DEMO = """
            Usage: netns demo [--keep] [--out DIR] [--server python|java] [--subnet CIDR]

            Builds, step by step and timed, the scenario the SDK was made for:
              1. a sandbox node namespace (stands in for a Kubernetes node);
              2. a pod network on it: bridge cni0, a subnet, the gateway on the bridge;
              3. pod "mypod" in its own namespace (/run/netns/...) with two containers: an HTTP
                 server process and a Java client, talking over the pod's 127.0.0.1;
              4. pod "otherpod" talking TCP to mypod over the bridge and back, and mypod
                 reaching its node at the gateway;
              5. a text diagram, topology.dot and topology.svg, then a teardown that is checked
                 to leave nothing. All names start with netns-demo-PID.

            Options:
              --keep            Leave the namespaces, bridge and veths for inspection, and print
                                the 'ip netns exec' commands to look at them and to remove them
              --out DIR         Where to write topology.dot and topology.svg (default:
                                target/demo if ./target exists, else a new temporary directory)
              --server KIND     The HTTP server: python (python3 -m http.server) or java (a
                                tiny com.sun.net.httpserver process); default: python3 if it is
                                on the PATH, else java
              --subnet CIDR     The pods' subnet (default 10.244.1.0/24)
            """;

    static final String CLUSTER = """
            Usage: netns cluster [--nodes N] [--mode vxlan|host-gw] [--name NAME] [--out DIR] [--keep]

            Several Kubernetes-style nodes on this machine, the way flannel wires real ones:
              1. an underlay namespace NAME-underlay with a bridge br0 (the switch), and N node
                 namespaces NAME-node0... whose eth0 is plugged into it;
              2. on each node a pod network (bridge cni0, the node's /24 of 10.244.0.0/16) and
                 a pod;
              3. the pod on the first node talks TCP to every other node's pod and back:
                 vxlan: through a vxlan device per node with static neighbour and forwarding
                 entries (pod MTU 1450); host-gw: through routes via the nodes' underlay
                 addresses;
              4. a picture of the cluster, then a teardown checked to leave nothing.

            Options:
              --nodes N         How many nodes (default 3)
              --mode MODE       vxlan (default) or host-gw
              --name NAME       The cluster's name, prefix of every namespace (default
                                netns-cluster-PID)
              --out DIR         Also write cluster.dot (Graphviz) there
              --keep            Leave the cluster for inspection ('ip netns list', 'ip -n
                                NAME-node0 route', 'bridge -n NAME-node0 fdb show')
            """;

    static final String NS = """
            Usage: netns ns add NAME
                   netns ns list
                   netns ns del NAME...
                   netns ns exec NAME CMD [ARG...]

            Named network namespaces, as 'ip netns' manages them: a namespace bind-mounted at
            /run/netns/NAME that lives until deleted, also after this program exits.

              add      Create NAME, with only a loopback interface (down) in it.
              list     Print the names, sorted, one per line.
              del      Delete the names (processes still inside keep the namespace alive).
              exec     Run CMD inside NAME with /sys showing NAME's interfaces, wait for it,
                       and exit with its status (127 if it cannot be started). Everything
                       after NAME belongs to CMD; '--' before CMD is allowed.

            Example:
              netns ns add blue && netns ns exec blue ip link && netns ns del blue
            """;

    static final String POD = """
            Usage: netns pod add NAME [--node NODE] [--subnet CIDR]
                   netns pod list [--node NODE] [--diagram]
                   netns pod del NAME... [--node NODE]
                   netns pod del --all [--node NODE]

            Pods on a Kubernetes-style pod network kept in a sandbox node namespace, NODE
            (default netns-node): a bridge cni0 carrying the gateway (the subnet's first
            address), and per pod a namespace NODE-NAME whose eth0 has the next free address and
            a default route via the gateway, its other end plugged into the bridge. The network
            is read back from the kernel by every command, so it survives between commands.

              add      Add pod NAME; the first add creates NODE with the subnet (default
                       10.244.1.0/24).
              list     The pods with their addresses, namespaces and host interfaces;
                       --diagram also draws them.
              del      Remove pods (their namespaces and veths); --all also removes the
                       bridge and NODE itself.

            A demo kept with 'demo --keep' is a pod network too: pod list --node netns-demo-PID.

            Example:
              netns pod add web && netns pod add db && netns pod list
              netns ns exec netns-node-web ip route    # default via 10.244.1.1
              netns pod del --all
            """;

    /** The help of a command, or null if there is no such command. */
    static String of(String command) {
        return switch (command) {
            case "demo" -> DEMO;
            case "ns" -> NS;
            case "pod" -> POD;
            case "cluster" -> CLUSTER;
            case "", "help" -> MAIN;
            default -> null;
        };
    }
}
