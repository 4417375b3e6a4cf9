package dev.netns.benchmarks;

import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A CNI plugin as runtimes call it: one process per ADD and per DEL, the reference Go {@code bridge}
 * (+ {@code host-local}, which it executes) against {@code netns-bridge} from its packaged directory
 * ({@code netns-cni/target/cni}) with and without its AOT cache, and handed to its resident agent, on
 * the same configuration. Each trial
 * runs its plugin inside a fresh sandbox node namespace; every invocation gets a new container
 * namespace (made and removed outside the measurement).
 *
 * {@snippet lang=shell :
 * mvn -q -pl benchmarks -am -Dmaven.test.skip=true package
 * java -jar benchmarks/target/benchmarks.jar CniPluginBenchmark
 * }
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class CniPluginBenchmark {

    /** The plugin under test in one trial: its executable, its sandbox node and its data directory. */
    @State(Scope.Benchmark)
    public static class Plugin {
        /**
         * {@code bridge}: the reference; {@code netns-bridge}: with its AOT cache; {@code netns-bridge-jit}:
         * without; {@code netns-bridge-agent}: handed to a resident agent in the node.
         */
        @Param({"bridge", "netns-bridge", "netns-bridge-jit", "netns-bridge-agent"})
        public String plugin;

        Process agent;

        NetworkNamespace node;
        Path dir;
        String executable;
        Path cniPath;
        byte[] config;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            Bench.OWNER.sweep();
            node = NetworkNamespaces.create(Bench.OWNER.uniqueName("cninode"));
            node.links().setUp("lo");
            dir = Files.createTempDirectory("cni-bench");
            Path ours = locate();
            cniPath = plugin.equals("bridge") ? Path.of("/usr/lib/cni") : ours;
            executable = plugin.equals("bridge") ? "/usr/lib/cni/bridge" : ours.resolve("netns-bridge").toString();
            String type = plugin.equals("bridge") ? "bridge" : "netns-bridge";
            if (plugin.equals("netns-bridge-agent")) {
                ProcessBuilder pb = new ProcessBuilder(executable, "agent", dir.resolve("agent/agent").toString())
                        .redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile());
                agent = node.start(pb);
                for (int i = 0; i < 600 && !Files.exists(dir.resolve("agent/agent")); i++) {
                    Thread.sleep(100);
                }
            }
            config = """
                    {"cniVersion": "1.0.0", "name": "bench", "type": "%s", "bridge": "cnibench0", "isGateway": true,
                     "ipam": {"type": "host-local", "dataDir": "%s", "ranges": [[{"subnet": "10.66.0.0/16"}]],
                              "routes": [{"dst": "0.0.0.0/0"}]}}""".formatted(type, dir).getBytes(StandardCharsets.UTF_8);
        }

        /** netns-cni/target/cni, found from the working directory upwards ({@code -Dnetns.cni.dir} wins). */
        private static Path locate() {
            String given = System.getProperty("netns.cni.dir");
            if (given != null) {
                return Path.of(given).toAbsolutePath();
            }
            for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
                Path candidate = p.resolve("netns-cni/target/cni");
                if (Files.isExecutable(candidate.resolve("netns-bridge"))) {
                    return candidate;
                }
            }
            throw new IllegalStateException("netns-cni/target/cni/netns-bridge not found: run mvn package first or set -Dnetns.cni.dir");
        }

        void call(String command, String containerId, NetworkNamespace container) throws Exception {
            ProcessBuilder pb = new ProcessBuilder(executable);
            Map<String, String> env = pb.environment();
            env.put("CNI_COMMAND", command);
            env.put("CNI_CONTAINERID", containerId);
            env.put("CNI_NETNS", container.path().toString());
            env.put("CNI_IFNAME", "eth0");
            env.put("CNI_PATH", cniPath.toString());
            if (plugin.equals("netns-bridge-jit")) {
                env.put("NETNS_CNI_AOT", "off");
            }
            env.put("NETNS_CNI_AGENT", dir.resolve("agent/agent").toString());   // absent unless the agent runs
            Process p = node.start(pb.redirectError(ProcessBuilder.Redirect.INHERIT));
            p.getOutputStream().write(config);
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(plugin + " " + command + " failed: " + new String(out, StandardCharsets.UTF_8));
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            try {
                if (agent != null) {
                    agent.destroy();
                    agent.waitFor(10, TimeUnit.SECONDS);
                }
                node.delete();
            } finally {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(f);
                    }
                }
            }
        }
    }

    /** A fresh container namespace per invocation; for {@link #del}, already added. */
    @State(Scope.Thread)
    public static class Container {
        NetworkNamespace ns;
        String id;
        boolean added;

        void create() throws IOException {
            id = Bench.OWNER.uniqueName("cnic");
            ns = NetworkNamespaces.create(id);
            added = false;
        }

        void remove(Plugin p) throws Exception {
            try {
                if (added) {
                    p.call("DEL", id, ns);
                }
            } finally {
                ns.delete();
            }
        }
    }

    /** Adds before each {@link #del} invocation. */
    @State(Scope.Thread)
    public static class Added extends Container {
        @Setup(Level.Invocation)
        public void setUp(Plugin p) throws Exception {
            create();
            p.call("ADD", id, ns);
            added = true;
        }

        @TearDown(Level.Invocation)
        public void tearDown(Plugin p) throws Exception {
            remove(p);
        }
    }

    /** An empty container namespace for each {@link #add} invocation, DEL'd afterwards. */
    @State(Scope.Thread)
    public static class Fresh extends Container {
        @Setup(Level.Invocation)
        public void setUp() throws Exception {
            create();
        }

        @TearDown(Level.Invocation)
        public void tearDown(Plugin p) throws Exception {
            added = true;
            remove(p);
        }
    }

    /** CNI ADD: one plugin process wires a container namespace to the bridge with an address. */
    @Benchmark
    public void add(Plugin p, Fresh c) throws Exception {
        p.call("ADD", c.id, c.ns);
    }

    /** CNI DEL: one plugin process removes the container's veth and releases its address. */
    @Benchmark
    public void del(Plugin p, Added c) throws Exception {
        p.call("DEL", c.id, c.ns);
        c.added = false;
    }
}
