package dev.netns.examples;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The artifacts are real modules: their descriptors say what each exports, and a small consumer
 * module compiled and run with {@code --module-path} finds the implementation as a service,
 * cannot see its packages, and (with privileges) makes a namespace.
 */
class ModulePathConsumerTest {
    private static Path api;
    private static Path linux;
    private static Path testkit;
    private static Path witness;
    private static Path jackson;
    private static Path slf4j;

    @BeforeAll
    static void artifacts() {
        api = onClassPath("netns-api");
        linux = onClassPath("netns-linux");
        testkit = onClassPath("netns-testkit");
        witness = onClassPath("netns-witness");
        slf4j = onClassPath("slf4j-api");
        jackson = onClassPath("jackson-core");
    }

    /** The jar (or, before packaging, the classes directory) of an artifact on this test's class path. */
    private static Path onClassPath(String artifact) {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of)
                .filter(p -> p.toString().contains(File.separator + artifact + File.separator)
                        || p.getFileName().toString().startsWith(artifact + "-"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(artifact + " is not on the test class path"));
    }

    private static ModuleDescriptor descriptor(Path artifact, String name) {
        return ModuleFinder.of(artifact).find(name)
                .orElseThrow(() -> new AssertionError(artifact + " holds no module " + name)).descriptor();
    }

    private static Set<String> exports(ModuleDescriptor d) {
        return d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
    }

    @Test
    void descriptorsExportTheApiAndHideTheImplementation() {
        ModuleDescriptor a = descriptor(api, "dev.netns.api");
        assertTrue(!a.isAutomatic(), "a real descriptor, not an automatic module");
        assertEquals(Set.of("dev.netns", "dev.netns.spi"), exports(a));
        assertEquals(Set.of("dev.netns.spi.NetnsProvider"), a.uses());

        ModuleDescriptor l = descriptor(linux, "dev.netns.linux");
        assertTrue(!l.isAutomatic());
        assertEquals(Set.of(), exports(l), "the implementation exports nothing");
        assertEquals(List.of("dev.netns.linux.LinuxNetnsProvider"), l.provides().stream()
                .filter(p -> p.service().equals("dev.netns.spi.NetnsProvider")).findFirst().orElseThrow().providers());

        ModuleDescriptor t = descriptor(testkit, "dev.netns.testkit");
        assertTrue(!t.isAutomatic());
        assertEquals(Set.of("dev.netns.testkit"), exports(t));
        assertTrue(t.requires().stream().anyMatch(r -> r.name().equals("dev.netns.witness")
                && r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE)), "testkit users read the witnesses");

        ModuleDescriptor w = descriptor(witness, "dev.netns.witness");
        assertTrue(!w.isAutomatic());
        assertEquals(Set.of("dev.netns.witness"), exports(w));
        assertEquals(Set.of("dev.netns.api", "com.fasterxml.jackson.core", "java.base"), w.requires().stream()
                .map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()),
                "the witnesses need the JDK, the API and a JSON reader, nothing else");
    }

    @Test
    void aModularConsumerFindsTheProviderAndCannotReachItsInsides(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("src");
        Files.createDirectories(src.resolve("demo"));
        Files.writeString(src.resolve("module-info.java"), """
                module demo.consumer {
                    requires dev.netns.api;
                    requires dev.netns.witness;
                    uses dev.netns.spi.NetnsProvider;
                }
                """);
        Files.writeString(src.resolve("demo/Main.java"), """
                package demo;

                import dev.netns.NetworkNamespace;
                import dev.netns.NetworkNamespaces;
                import dev.netns.spi.NetnsProvider;
                import java.util.ServiceLoader;

                public class Main {
                    public static void main(String[] args) throws Exception {
                        NetnsProvider provider = ServiceLoader.load(NetnsProvider.class).findFirst().orElseThrow();
                        System.out.println("provider " + provider.getClass().getModule().getName());
                        System.out.println("owner " + dev.netns.witness.Owner.of("mp").prefix());
                        var reason = NetworkNamespaces.unavailableReason();
                        if (reason.isPresent()) {
                            System.out.println("unavailable " + reason.get());
                            return;
                        }
                        try (NetworkNamespace ns = NetworkNamespaces.create()) {
                            System.out.println("links " + ns.links().list().size());
                        }
                    }
                }
                """);
        String modulePath = String.join(File.pathSeparator, api.toString(), witness.toString(), jackson.toString(),
                linux.toString(), slf4j.toString());
        Path out = dir.resolve("out");
        javac("--module-path", api + File.pathSeparator + witness + File.pathSeparator + jackson, "-d", out.toString(),
                src.resolve("module-info.java").toString(), src.resolve("demo/Main.java").toString());

        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=dev.netns.linux",
                "--module-path", out + File.pathSeparator + modulePath,
                "-m", "demo.consumer/demo.Main"));
        Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("err").toFile()).start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the consumer ran over 60 s");
        String stderr = Files.readString(dir.resolve("err"));
        assertEquals(0, p.exitValue(), stdout + stderr);
        assertTrue(stdout.contains("provider dev.netns.linux"), stdout);
        assertTrue(stdout.contains("owner mp-" + p.pid()), stdout);
        assertTrue(!stderr.contains("restricted method"), "native access granted to the named module: " + stderr);
        boolean available = dev.netns.NetworkNamespaces.unavailableReason().isEmpty();
        assertTrue(stdout.contains(available ? "links 1" : "unavailable "), stdout);

        // the implementation's packages are not readable from outside
        Files.writeString(src.resolve("demo/Main.java"), """
                package demo;

                public class Main {
                    Object p = new dev.netns.linux.LinuxNetnsProvider();
                }
                """);
        String refused = javacFails("--module-path", modulePath, "--add-modules", "dev.netns.linux",
                "-d", dir.resolve("out2").toString(),
                src.resolve("module-info.java").toString(), src.resolve("demo/Main.java").toString());
        assertTrue(refused.contains("dev.netns.linux") && refused.contains("not visible"), refused);
    }

    private static void javac(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ToolProvider.findFirst("javac").orElseThrow().run(System.out, new PrintStream(err, true), args);
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
    }

    private static String javacFails(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(err, true);
        int status = ToolProvider.findFirst("javac").orElseThrow().run(ps, ps, args);
        assertNotEquals(0, status, "compiling against an unexported package must fail");
        return err.toString(StandardCharsets.UTF_8);
    }
}
