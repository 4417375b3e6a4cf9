package dev.netns.examples;

import dev.netns.NetworkNamespace;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The demo's HTTP server container: a separate process started inside a namespace, serving the files
 * of one directory on {@code 127.0.0.1:PORT} of that namespace. It is {@code python3 -m http.server}
 * when python3 is on the {@code PATH}, otherwise (or when python3 fails to come up) a
 * {@link TinyHttpServer} in a new {@code java} process of the running JDK. Its output goes to
 * {@code server.log} next to the served files.
 *
 * {@snippet :
 * HttpContainer.Kind kind = HttpContainer.choose(Optional.empty());
 * try (HttpContainer server = HttpContainer.start(pod::start, pod.namespace(), kind, 8080, dir, Duration.ofSeconds(10))) {
 *     HttpGet r = pod.call(() -> HttpGet.fetch(InetAddress.getLoopbackAddress(), 8080, "/hello.txt", Duration.ofSeconds(5)));
 * }
 * }
 */
final class HttpContainer implements AutoCloseable {
    /** Which server program. */
    enum Kind {
        PYTHON("python3 -m http.server", "Serving HTTP on "), JAVA("java TinyHttpServer", "TinyHttpServer listening on ");

        final String label;
        /** What the program prints once its socket is bound: only then is an answering port its own. */
        final String readyLine;

        Kind(String label, String readyLine) {
            this.label = label;
            this.readyLine = readyLine;
        }
    }

    private static final Duration POLL = Duration.ofMillis(10);

    private final Process process;
    private final Kind kind;
    private final int port;
    private final Path log;

    private HttpContainer(Process process, Kind kind, int port, Path log) {
        this.process = process;
        this.kind = kind;
        this.port = port;
        this.log = log;
    }

    /**
     * The server program to use: {@code only} if given, else python3 when it is on the PATH and
     * works, else java. Each candidate is run once outside any namespace to prove it works (see
     * {@link #probeOutside}).
     *
     * @throws IOException if no candidate works, naming each failure
     */
    static Kind choose(Optional<Kind> only) throws IOException, InterruptedException {
        List<Kind> kinds = only.map(List::of).orElseGet(() -> findOnPath("python3").isPresent()
                ? List.of(Kind.PYTHON, Kind.JAVA) : List.of(Kind.JAVA));
        IOException failure = null;
        for (Kind kind : kinds) {
            try {
                probeOutside(kind);
                return kind;
            } catch (IOException e) {
                failure = chain(failure, e);
            }
        }
        throw failure;
    }

    /** What starts the process inside the namespace: {@code pod::start} or {@code namespace::start}. */
    @FunctionalInterface
    interface Launcher {
        Process start(ProcessBuilder builder) throws IOException;
    }

    /**
     * Starts the server with {@code launcher} (inside {@code ns}) and waits (at most {@code timeout})
     * until it accepts connections on {@code 127.0.0.1:port} there.
     *
     * @throws IOException if it does not come up; the message carries the last line of its log
     */
    static HttpContainer start(Launcher launcher, NetworkNamespace ns, Kind kind, int port, Path dir, Duration timeout)
            throws IOException, InterruptedException {
        Path log = dir.resolve("server.log");
        ProcessBuilder pb = new ProcessBuilder(command(kind, port, dir)).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("PYTHONUNBUFFERED", "1");
        Process p = launcher.start(pb);
        p.getOutputStream().close();
        HttpContainer c = new HttpContainer(p, kind, port, log);
        try {
            c.awaitListening(ns, timeout);
            return c;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private static IOException chain(IOException first, IOException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    /**
     * Runs the server program once outside any namespace ({@code python3 -c "import http.server"},
     * {@code java -version}): it proves the program works here.
     */
    private static void probeOutside(Kind kind) throws IOException, InterruptedException {
        List<String> cmd = kind == Kind.PYTHON
                ? List.of("python3", "-c", "import http.server")
                : List.of(javaCommand(), "-version");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " did not finish within 10 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed with status " + p.exitValue());
        }
    }

    private static String javaCommand() throws IOException {
        return ProcessHandle.current().info().command().orElseThrow(() -> new IOException("cannot find this JVM's java command"));
    }

    private static List<String> command(Kind kind, int port, Path dir) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (kind == Kind.PYTHON) {
            cmd.addAll(List.of("python3", "-m", "http.server", "--bind", "127.0.0.1", "--directory", dir.toString(), Integer.toString(port)));
        } else {
            cmd.add(javaCommand());
            cmd.addAll(List.of("-cp", ownClassPath(), TinyHttpServer.class.getName(), "127.0.0.1", Integer.toString(port), dir.toString()));
        }
        return cmd;
    }

    /** Where TinyHttpServer was loaded from (target/classes or the jar): it needs nothing else. */
    private static String ownClassPath() throws IOException {
        try {
            return Path.of(TinyHttpServer.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            throw new IOException("cannot locate the demo's classes to start TinyHttpServer", e);
        }
    }

    /**
     * Polls until the program has said it is bound and 127.0.0.1:port inside {@code ns} accepts a
     * connection (a refused connect is quick), the process dies, or time runs out. The printed line
     * matters: another socket already on that port would answer too, while the program fails to bind.
     */
    private void awaitListening(NetworkNamespace ns, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        while (true) {
            boolean up = saidReady() && ns.call(() -> {
                try (Socket s = new Socket()) {
                    s.connect(target, 200);
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
            if (up) {
                return;
            }
            if (!process.isAlive()) {
                throw new IOException(kind.label + " exited with status " + process.exitValue() + " before listening" + lastLogLine());
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(kind.label + " did not listen on 127.0.0.1:" + port + " within " + timeout.toMillis() + " ms" + lastLogLine());
            }
            Thread.sleep(POLL);
        }
    }

    private boolean saidReady() {
        try {
            return Files.readAllLines(log).stream().anyMatch(l -> l.startsWith(kind.readyLine));
        } catch (IOException e) {
            return false;
        }
    }

    private String lastLogLine() {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.isEmpty() ? "" : ": " + lines.getLast();
        } catch (IOException e) {
            return "";
        }
    }

    Kind kind() {
        return kind;
    }

    long pid() {
        return process.pid();
    }

    /** Whether the process still runs. */
    boolean isAlive() {
        return process.isAlive();
    }

    /** e.g. {@code python3 -m http.server, pid 4242, 127.0.0.1:8080}. */
    String describe() {
        return kind.label + ", pid " + process.pid() + ", 127.0.0.1:" + port;
    }

    /** Stops the server: SIGTERM, then SIGKILL after 5 s; waits (at most 5 s more) until it is gone. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();   // no time to wait politely: make sure it dies anyway
            Thread.currentThread().interrupt();
        }
    }

    /** The first executable file of that name on the PATH. */
    static Optional<Path> findOnPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
