package dev.netns.examples;

import dev.netns.Link;
import dev.netns.NamespaceId;
import dev.netns.NetnsException;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import dev.netns.Pod;
import dev.netns.PodNetwork;
import dev.netns.StrayThread;
import dev.netns.examples.topology.DotGraph;
import dev.netns.examples.topology.SvgPicture;
import dev.netns.examples.topology.TextDiagram;
import dev.netns.examples.topology.Topology;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The seed scenario, step by step: a sandbox node namespace, a pod network on it, pod "mypod" with an
 * HTTP server process and a Java client talking over localhost, a second pod talking to it over the
 * bridge, "mypod" reaching its node, a picture of it all, and a teardown that is verified to leave
 * nothing. Names carry this JVM's pid, so runs side by side do not collide.
 */
final class Demo {
    static final int STEPS = 5;
    private static final int HTTP_PORT = 8080;
    private static final int TCP_PORT = 9000;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /**
     * @param keep   leave the topology in place for inspection
     * @param outDir where to write the pictures; empty for the default
     * @param server a specific HTTP server program, or empty for the first that works
     * @param subnet the pods' subnet
     * @param prefix the start of every namespace name this run creates
     * @param stateDirectory where the pod network keeps its address reservations (so {@code pod list} finds a kept demo)
     */
    record Options(boolean keep, Optional<Path> outDir, Optional<HttpContainer.Kind> server, String subnet, String prefix,
                   Path stateDirectory) {
    }

    private final Out out;
    private final Options options;
    private final StepLog log;

    Demo(Out out, Options options) {
        this.out = out;
        this.options = options;
        this.log = new StepLog(out, STEPS);
    }

    /** The default name prefix: {@code netns-demo-PID}. */
    static String defaultPrefix() {
        return "netns-demo-" + ProcessHandle.current().pid();
    }

    int run() throws Exception {
        long t0 = System.nanoTime();
        String nodeName = options.prefix();
        List<String> taken = NetworkNamespaces.list().stream().filter(n -> n.equals(nodeName) || n.startsWith(nodeName + "-")).toList();
        if (!taken.isEmpty()) {
            throw new IllegalStateException("namespaces from an earlier run with the same name exist (" + String.join(", ", taken)
                    + "): remove them with 'pod del --all --node " + nodeName + "' or 'ip netns del NAME'");
        }
        List<String> rootLinksBefore = rootLinks();
        Path outDir = outputDirectory();
        out.println(out.bold("netns demo") + ": Kubernetes-style pod networking from Java, in sandbox namespaces");
        out.println("JDK " + Runtime.version() + ", " + System.getProperty("os.name") + " " + System.getProperty("os.version")
                + ", pid " + ProcessHandle.current().pid());
        out.println("Every namespace this run makes is named " + nodeName + "*.");
        out.println("Pictures go to " + outDir + ".");

        Scene scene = new Scene();
        // Ctrl-C or kill in the middle: the JVM runs this hook, which removes what the run made by name
        Thread hook = Thread.ofPlatform().name("netns-demo-cleanup").unstarted(() -> interrupted(scene, nodeName));
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            try {
                build(scene, nodeName, outDir);
            } catch (Exception | Error e) {
                // whatever failed, take down what was built; the first failure is the one to report
                try {
                    teardown(scene, nodeName, rootLinksBefore);
                } catch (Exception | Error cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
            if (options.keep()) {
                keep(scene);
            } else {
                teardown(scene, nodeName, rootLinksBefore);
            }
        } finally {
            scene.finished = true;
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or has run; it sees 'finished' and leaves things alone
            }
        }
        out.println();
        out.println(out.green("Done") + " in " + StepLog.duration(System.nanoTime() - t0) + ".");
        if (!options.keep()) {
            out.println("Next: --keep leaves all of it in place to look at with 'ip netns exec';");
            out.println("--help shows the ns and pod commands to build namespaces and pods by hand.");
        }
        return 0;
    }

    /** What the run has made so far, for the teardown (and the shutdown hook, on another thread). */
    private static final class Scene {
        volatile boolean finished;
        volatile NetworkNamespace node;
        volatile PodNetwork network;
        volatile HttpContainer server;
        volatile Path www;
        /** Every namespace the run made, to tell its own stray threads from other code's in the same JVM. */
        final Set<NamespaceId> namespaces = ConcurrentHashMap.newKeySet();
        final Map<String, List<Topology.Container>> containers = new LinkedHashMap<>();
    }

    private void build(Scene s, String nodeName, Path outDir) throws Exception {
        log.step(1, "A sandbox node namespace (stands in for a Kubernetes node)");
        s.node = log.timed("create the node namespace " + nodeName, () -> NetworkNamespaces.create(nodeName),
                ns -> "created named namespace " + nodeName + " at " + ns.path());
        s.namespaces.add(s.node.id());
        log.timed("bring up the node's loopback", () -> {
            s.node.links().setUp("lo");
            return "lo";
        }, lo -> "lo up in the node, as on any machine");
        log.note("the machine's own network namespace is never changed: the bridge, the veths and the pods"
                + " all live in namespaces made here");

        log.step(2, "A pod network on the node: bridge, subnet, gateway");
        s.network = log.timed("create the pod network (bridge cni0, subnet " + options.subnet() + ")",
                () -> PodNetwork.builder().node(s.node).bridgeName("cni0").subnet(options.subnet())
                        .namespacePrefix(nodeName + "-").name(nodeName).stateDirectory(options.stateDirectory()).create(),
                n -> "bridge " + n.bridgeName() + " up in " + nodeName + ", gateway " + n.gateways().getFirst()
                        + ", pods get addresses from " + n.subnets().getFirst());

        log.step(3, "Pod \"mypod\": its own namespace, two containers talking over localhost");
        Pod mypod = log.timed("add pod mypod", () -> s.network.addPod("mypod"),
                p -> "pod mypod: " + p.interfaceName() + " " + p.addresses().getFirst() + ", host end " + p.hostInterfaceName()
                        + " on " + s.network.bridgeName() + ", default route via the gateway");
        s.namespaces.add(mypod.namespace().id());
        String mypodNs = mypod.namespace().name().orElseThrow();
        boolean listed = NetworkNamespaces.list().contains(mypodNs);
        log.line("its network namespace is " + mypod.namespace().path() + (listed ? " (listed by 'ip netns list')" : ""));
        s.www = Files.createTempDirectory("netns-demo-www-");
        Files.writeString(s.www.resolve("hello.txt"), "hello from mypod\n", StandardCharsets.UTF_8);
        HttpContainer.Kind kind = log.timed("find a working HTTP server program", () -> HttpContainer.choose(options.server()),
                k -> "HTTP server program: " + k.label + " (ran once outside the pod to check it works)");
        s.server = log.timed("start the HTTP server container in mypod",
                () -> HttpContainer.start(mypod::start, mypod.namespace(), kind, HTTP_PORT, s.www, TIMEOUT),
                c -> "container 1, HTTP server: " + c.describe() + ", started with pod.start(ProcessBuilder)");
        s.containers.put("mypod", new ArrayList<>(List.of(new Topology.Container("http-server", s.server.describe()))));
        HttpGet response = log.timed("GET http://127.0.0.1:" + HTTP_PORT + "/hello.txt inside mypod",
                () -> mypod.call(() -> HttpGet.fetch(InetAddress.getLoopbackAddress(), HTTP_PORT, "/hello.txt", TIMEOUT)),
                r -> "container 2, Java client: GET http://127.0.0.1:" + HTTP_PORT + "/hello.txt -> " + r.status()
                        + ", body \"" + r.body().strip() + "\"" + r.server().map(v -> " (Server: " + v + ")").orElse(""));
        if (response.code() != 200) {
            throw new IOException("the HTTP server in mypod answered " + response.status());
        }
        log.note("the client ran on a JVM thread inside the pod (pod.call), so 127.0.0.1 is the pod's own loopback");
        s.containers.get("mypod").add(new Topology.Container("java-client", "JVM thread in pod.call(...), GET 127.0.0.1:" + HTTP_PORT));
        String fromNode = log.timed("try the same GET from the node namespace", () -> s.node.call(() -> {
            try {
                HttpGet.fetch(InetAddress.getLoopbackAddress(), HTTP_PORT, "/hello.txt", TIMEOUT);
                return "answered: localhost is NOT isolated";
            } catch (ConnectException e) {
                return "connection refused";
            }
        }), r -> "the same GET from the node namespace: " + r);
        log.note("each namespace has its own loopback; the server is reachable only inside mypod");
        if (!fromNode.equals("connection refused")) {
            throw new IllegalStateException("the node namespace reached mypod's 127.0.0.1:" + HTTP_PORT);
        }

        log.step(4, "Pod to pod over the bridge, pod to node");
        Pod other = log.timed("add pod otherpod", () -> s.network.addPod("otherpod"), p -> "pod otherpod: " + p.interfaceName() + " "
                + p.addresses().getFirst() + ", host end " + p.hostInterfaceName() + ", namespace " + p.namespace().path());
        s.namespaces.add(other.namespace().id());
        exchange(other, "otherpod", mypod.namespace(), mypod.address(), "mypod");
        exchange(mypod, "mypod", other.namespace(), other.address(), "otherpod");
        InetAddress gateway = s.network.gateways().getFirst().address();
        exchange(mypod, "mypod", s.node, gateway, "the node (gateway on " + s.network.bridgeName() + ")");
        s.containers.computeIfAbsent("otherpod", k -> new ArrayList<>())
                .add(new Topology.Container("java-client", "JVM thread in pod.call(...), TCP to mypod:" + TCP_PORT));

        log.step(5, "The picture");
        Topology topology = Topology.of(s.network, s.containers);
        out.println();
        out.out().print(TextDiagram.render(topology));
        Path[] files = log.timed("write the pictures to " + outDir, () -> {
            Files.createDirectories(outDir);
            Path dot = Files.writeString(outDir.resolve("topology.dot"), DotGraph.render(topology), StandardCharsets.UTF_8);
            Path svg = Files.writeString(outDir.resolve("topology.svg"), SvgPicture.render(topology), StandardCharsets.UTF_8);
            return new Path[] {dot, svg};
        }, f -> "wrote " + f[0] + " and " + f[1]);
        if (HttpContainer.findOnPath("dot").isPresent()) {
            log.note("render the DOT file with: dot -Tpng " + files[0] + " -o " + files[0].resolveSibling("topology.png"));
        }
    }

    /** One TCP conversation from {@code client} to a listener on {@code address} in {@code serverNs}, reported on one line. */
    private void exchange(Pod client, String clientName, NetworkNamespace serverNs, InetAddress address, String serverName) throws Exception {
        TcpExchange x = log.timed("talk TCP from " + clientName + " to " + serverName,
                () -> TcpExchange.run(serverNs, address, TCP_PORT, client.namespace(), "hello from " + clientName, TIMEOUT),
                r -> "TCP " + clientName + " -> " + serverName + " at " + address.getHostAddress() + ":" + TCP_PORT
                        + ": the server saw peer " + r.serverSaw().getAddress().getHostAddress() + ":" + r.serverSaw().getPort());
        if (!x.serverSaw().getAddress().equals(client.address())) {
            throw new IllegalStateException("the server saw " + x.serverSaw() + ", not " + clientName + "'s address " + client.address());
        }
        log.note("reply: " + x.reply());
    }

    private void keep(Scene s) throws IOException {
        out.println();
        out.println(out.bold("Kept for inspection") + " (--keep). The HTTP server was stopped; namespaces, bridge and veths remain:");
        if (s.server != null) {
            s.server.close();
        }
        String node = s.node.name().orElseThrow();
        List<String> pods = s.network.pods().stream().map(p -> p.namespace().name().orElseThrow()).toList();
        Pod first = s.network.pods().getFirst();
        Pod last = s.network.pods().getLast();
        String a = first.namespace().name().orElseThrow();
        String b = last.namespace().name().orElseThrow();
        List<String[]> commands = List.of(
                new String[] {"ip netns list | grep " + node, "the node and its pods"},
                new String[] {"ip netns exec " + node + " ip -br addr", "cni0 with the gateway, the pods' host ends"},
                new String[] {"ip netns exec " + node + " ip -br link show master " + s.network.bridgeName(), "the bridge's ports"},
                new String[] {"ip netns exec " + a + " ip -br addr", "lo and eth0 of mypod"},
                new String[] {"ip netns exec " + a + " ip route", "default via the gateway"},
                new String[] {"ip netns exec " + b + " ip neigh", "mypod's MAC, learned by otherpod"});
        int width = commands.stream().mapToInt(c -> c[0].length()).max().orElse(0);
        for (String[] c : commands) {
            out.println("  " + c[0] + " ".repeat(width - c[0].length()) + "   # " + c[1]);
        }
        out.println("Remove it later with:");
        StringBuilder del = new StringBuilder();
        for (String p : pods) {
            del.append("ip netns del ").append(p).append("; ");
        }
        out.println("  " + del + "ip netns del " + node);
        out.println("  or: " + NetnsCli.invocation("pod del --all --node " + node));
        if (s.www != null) {
            deleteTree(s.www);
        }
        s.node.close();
    }

    private void teardown(Scene s, String nodeName, List<String> rootLinksBefore) throws Exception {
        log.section("Teardown");
        List<Exception> failures = new ArrayList<>();
        if (s.server != null) {
            try {
                log.timed("stop the HTTP server", () -> {
                    s.server.close();
                    return s.server;
                }, c -> "stopped the HTTP server (pid " + c.pid() + (c.isAlive() ? ", STILL RUNNING)" : ", exited)"));
            } catch (Exception e) {
                failures.add(e);
            }
        }
        if (s.network != null) {
            try {
                int pods = s.network.pods().size();
                log.timed("close the pod network", () -> {
                    s.network.close();
                    return pods;
                }, n -> "closed the pod network: " + n + (n == 1 ? " pod" : " pods") + " (namespace and veth each) and the bridge removed");
            } catch (Exception e) {
                failures.add(e);
            }
        }
        if (s.node != null) {
            try {
                log.timed("delete the node namespace", () -> {
                    s.node.delete();
                    return nodeName;
                }, n -> "deleted the node namespace " + n);
            } catch (Exception e) {
                failures.add(e);
            }
        }
        if (s.www != null) {
            try {
                deleteTree(s.www);
            } catch (IOException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            Exception first = failures.getFirst();
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
        verifyNothingLeft(nodeName, rootLinksBefore, s);
    }

    /**
     * The shutdown hook: if the run was cut short (Ctrl-C, SIGTERM), kill the containers and delete every
     * namespace named after this run. Deleting the node and pod namespaces takes the bridge and the
     * veths with them once this JVM, which holds handles to them, has exited.
     */
    private void interrupted(Scene s, String nodeName) {
        if (s.finished) {
            return;
        }
        // the containers are this JVM's only children; one may be starting and not yet in the scene
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
        List<String> removed = new ArrayList<>();
        try {
            for (String name : NetworkNamespaces.list()) {
                if (name.equals(nodeName) || name.startsWith(nodeName + "-")) {
                    NetworkNamespaces.delete(name);
                    removed.add(name);
                }
            }
        } catch (NetnsException | RuntimeException e) {
            out.error("netns demo: interrupted; cleaning up failed: " + e.getMessage());
        }
        Path www = s.www;
        if (www != null) {
            try {
                deleteTree(www);
            } catch (IOException e) {
                // a temporary directory; the system cleans it eventually
            }
        }
        out.error("netns demo: interrupted; removed " + (removed.isEmpty() ? "nothing (nothing made yet)" : String.join(", ", removed)) + ".");
    }

    /** Checks, through the kernel, that the run left nothing, and says so; throws if it did. */
    private void verifyNothingLeft(String nodeName, List<String> rootLinksBefore, Scene s) throws NetnsException {
        List<String> left = NetworkNamespaces.list().stream().filter(n -> n.equals(nodeName) || n.startsWith(nodeName + "-")).toList();
        List<String> rootLinksAfter = rootLinks();
        List<StrayThread> strays = NetworkNamespaces.strayThreads().stream().filter(t -> s.namespaces.contains(t.namespace())).toList();
        boolean serverGone = s.server == null || !s.server.isAlive();
        List<String> problems = new ArrayList<>();
        if (!left.isEmpty()) {
            problems.add("namespaces left: " + left);
        }
        if (!rootLinksAfter.equals(rootLinksBefore)) {
            problems.add("the root namespace's links changed: " + rootLinksBefore + " -> " + rootLinksAfter);
        }
        if (!strays.isEmpty()) {
            problems.add("JVM threads left in the demo's namespaces: " + strays);
        }
        if (!serverGone) {
            problems.add("the HTTP server process is still running");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the teardown left something behind: " + String.join("; ", problems));
        }
        log.line("verified: nothing left - no namespace named " + nodeName + "*, the root namespace's links unchanged ("
                + String.join(", ", rootLinksAfter) + "), no JVM thread left in the demo's namespaces, no server process");
    }

    /** The root namespace's interface names, read only: the demo must never change them. */
    private static List<String> rootLinks() throws NetnsException {
        try (NetworkNamespace root = NetworkNamespaces.current()) {
            return root.links().list().stream().map(Link::name).toList();
        }
    }

    private Path outputDirectory() throws IOException {
        if (options.outDir().isPresent()) {
            return options.outDir().get().toAbsolutePath();
        }
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            return target.resolve("demo").toAbsolutePath();
        }
        return Files.createTempDirectory("netns-demo-");
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Checks a subnet by the pod network builder's own rules, before anything is made. @throws IllegalArgumentException naming the rule */
    static void checkSubnet(String cidr) {
        PodNetwork.builder().subnet(cidr);
    }
}
