package dev.netns.examples;

import dev.netns.NetnsException;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code ns add|list|del|exec}: named network namespaces by hand, as {@code ip netns} manages
 * them, and interchangeable with it (same files under {@code /run/netns}). Everything goes through
 * the SDK; no {@code ip} process is run.
 */
final class NsCommand {
    private final Out out;

    NsCommand(Out out) {
        this.out = out;
    }

    int run(List<String> args) throws IOException, InterruptedException {
        if (args.isEmpty()) {
            throw new UsageException("ns", "missing subcommand (add, list, del or exec)");
        }
        String sub = args.getFirst();
        List<String> tail = args.subList(1, args.size());
        try {
            return switch (sub) {
                case "add" -> add(Args.parse("ns add", tail, Set.of(), Set.of(), -1).expect("ns add", 1, "namespace NAME"));
                case "list", "ls" -> list(Args.parse("ns list", tail, Set.of(), Set.of(), -1).expect("ns list", 0, ""));
                case "del", "delete", "rm" -> del(Args.parse("ns del", tail, Set.of(), Set.of(), -1));
                case "exec" -> exec(Args.parse("ns exec", tail, Set.of(), Set.of(), 1));
                default -> throw new UsageException("ns", "unknown subcommand '" + sub + "' (add, list, del or exec)");
            };
        } catch (IllegalArgumentException e) {
            // the SDK checks names before any system call and names the rule: that is bad usage here
            throw new UsageException("ns " + sub, e.getMessage());
        }
    }

    private int add(Args a) throws NetnsException {
        String name = a.positionals().getFirst();
        try (NetworkNamespace ns = NetworkNamespaces.create(name)) {
            out.println("created " + ns.path());
        }
        return 0;
    }

    private int list(Args a) throws NetnsException {
        for (String name : NetworkNamespaces.list()) {
            out.println(name);
        }
        return 0;
    }

    private int del(Args a) throws NetnsException {
        if (a.positionals().isEmpty()) {
            throw new UsageException("ns del", "missing namespace NAME");
        }
        for (String name : a.positionals()) {
            NetworkNamespaces.delete(name);
            out.println("deleted " + name);
        }
        return 0;
    }

    /** Runs the command inside, waits for it, and returns its exit status (127 if it cannot be started, as a shell does). */
    private int exec(Args a) throws IOException, InterruptedException {
        if (a.positionals().isEmpty()) {
            throw new UsageException("ns exec", "missing namespace NAME");
        }
        if (a.rest().isEmpty()) {
            throw new UsageException("ns exec", "missing the command to run inside " + a.positionals().getFirst());
        }
        String name = a.positionals().getFirst();
        ProcessBuilder pb = new ProcessBuilder(a.rest());
        if (out.realConsole()) {
            pb.inheritIO();   // an interactive shell keeps its terminal
        } else {
            pb.redirectInput(ProcessBuilder.Redirect.INHERIT);
        }
        Process p;
        try (NetworkNamespace ns = NetworkNamespaces.open(name)) {
            try {
                p = ns.start(pb);
            } catch (NetnsException e) {
                throw e;
            } catch (IOException e) {
                out.error("netns: cannot run '" + a.rest().getFirst() + "' in " + name + ": " + rootMessage(e).strip());
                return 127;
            }
        }
        if (!out.realConsole()) {
            Thread copyOut = pump(p.getInputStream(), out.out());
            Thread copyErr = pump(p.getErrorStream(), out.err());
            int status = p.waitFor();
            copyOut.join(TimeUnit.SECONDS.toMillis(10));
            copyErr.join(TimeUnit.SECONDS.toMillis(10));
            return status;
        }
        return p.waitFor();
    }

    /** Copies a child's output to a captured stream; the thread is started here, outside any namespace. */
    private static Thread pump(InputStream in, PrintStream to) {
        return Thread.ofPlatform().daemon().name("netns-exec-pump").start(() -> {
            try (in) {
                in.transferTo(new OutputStream() {
                    @Override
                    public void write(int b) {
                        to.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        to.write(b, off, len);
                    }
                });
                to.flush();
            } catch (IOException e) {
                // the child closed its end; nothing more to copy
            }
        });
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
