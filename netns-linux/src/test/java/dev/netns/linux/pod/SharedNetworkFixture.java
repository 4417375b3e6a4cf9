package dev.netns.linux.pod;

import dev.netns.IpPrefix;
import dev.netns.NetworkNamespace;
import dev.netns.Pod;
import dev.netns.PodNetwork;
import dev.netns.witness.Ip;
import dev.netns.witness.SandboxNode;
import dev.netns.linux.testing.TestNames;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A sandbox node, a temporary state directory (never /var/lib/cni) and the network's coordinates,
 * for tests of shared networks; {@link #close()} removes the node, every namespace with the
 * sandbox's prefix and the state directory, whatever a test or a killed agent left.
 */
final class SharedNetworkFixture implements AutoCloseable {
    static final String NETWORK = "pods";
    static final String BRIDGE = "cni0";

    final SandboxNode sandbox;
    final Path state;
    final String subnet;

    SharedNetworkFixture(String stem, String subnet) throws IOException {
        this.sandbox = SandboxNode.open(TestNames.OWNER);
        this.state = Files.createTempDirectory("netns-state-");
        this.subnet = subnet;
    }

    NetworkNamespace node() {
        return sandbox.namespace();
    }

    PodNetwork.Builder builder() {
        return PodNetwork.builder().node(sandbox.namespace()).stateDirectory(state).name(NETWORK).bridgeName(BRIDGE).subnet(subnet)
                .namespacePrefix(sandbox.prefix());
    }

    Path networkDir() {
        return state.resolve(NETWORK);
    }

    /** Starts an agent JVM on this network, its output to a pipe. */
    Process agent(String... commandAndArgs) throws IOException {
        return agentBuilder(commandAndArgs).start();
    }

    /** Starts an agent JVM on this network, its output to {@code out}: nothing is lost when it is killed. */
    Process agent(Path out, String... commandAndArgs) throws IOException {
        return agentBuilder(commandAndArgs).redirectOutput(out.toFile()).start();
    }

    /** Starts an agent JVM on this network with extra JVM options (system properties), its output to a pipe. */
    Process agentWith(List<String> jvmOptions, String... commandAndArgs) throws IOException {
        ProcessBuilder b = agentBuilder(commandAndArgs);
        b.command().addAll(1, jvmOptions);
        return b.start();
    }

    private ProcessBuilder agentBuilder(String... commandAndArgs) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), PodAgent.class.getName(),
                sandbox.name(), state.toString(), NETWORK, BRIDGE, subnet, sandbox.prefix()));
        cmd.addAll(List.of(commandAndArgs));
        return new ProcessBuilder(cmd).redirectErrorStream(true);
    }

    /** An agent's whole output, after it exited with 0 within a minute. */
    static String finish(Process p) throws Exception {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("agent did not finish: " + out);
        }
        if (p.exitValue() != 0) {
            throw new AssertionError("agent exited " + p.exitValue() + ": " + out);
        }
        return out;
    }

    /** Host ends on the bridge, by {@code ip -n NODE -o link show master cni0}. */
    List<String> bridgePorts() {
        List<String> out = new ArrayList<>();
        for (String line : sandbox.ip("-o", "link", "show", "master", BRIDGE).split("\n")) {
            if (!line.isBlank()) {
                String name = line.split(": ")[1];
                out.add(name.contains("@") ? name.substring(0, name.indexOf('@')) : name);
            }
        }
        return out;
    }

    /** The sandbox's namespaces in {@code ip netns list}. */
    List<String> podNamespaces() {
        return Ip.netnsList().stream().filter(n -> n.startsWith(sandbox.prefix())).sorted().toList();
    }

    /** The names in the network's state directory ({@code ls}). */
    TreeSet<String> stateFiles() throws IOException {
        if (!Files.isDirectory(networkDir())) {
            return new TreeSet<>();
        }
        try (Stream<Path> s = Files.list(networkDir())) {
            return new TreeSet<>(s.map(p -> p.getFileName().toString()).toList());
        }
    }

    /** One TCP exchange from {@code client} to {@code server}'s address: proves both pods work. */
    static void tcp(Pod server, Pod client) throws Exception {
        InetAddress address = server.address();
        try (ServerSocket listening = server.call(() -> new ServerSocket(0, 1, address))) {
            int port = listening.getLocalPort();
            Thread accept = Thread.ofVirtual().start(() -> {
                try (Socket s = listening.accept()) {
                    s.getOutputStream().write(("hello " + server.id()).getBytes(StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // the client's assertion reports it
                }
            });
            String got = client.call(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(address, port), 3000);
                    s.setSoTimeout(3000);
                    InputStream in = s.getInputStream();
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            });
            accept.join(5000);
            if (!got.equals("hello " + server.id())) {
                throw new AssertionError(client.id() + " -> " + server.id() + ": got \"" + got + "\"");
            }
        }
    }

    static List<String> sortedAddresses(List<Pod> pods) {
        return pods.stream().map(Pod::addresses).flatMap(List::stream).map(IpPrefix::toString)
                .sorted(Comparator.naturalOrder()).toList();
    }

    @Override
    public void close() throws Exception {
        try {
            sandbox.close();
        } finally {
            if (Files.exists(state)) {
                try (Stream<Path> walk = Files.walk(state)) {
                    for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }
}
