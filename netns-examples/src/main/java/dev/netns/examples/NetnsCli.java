package dev.netns.examples;

import dev.netns.NetnsException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The netns command line: the pod-networking demo, {@code ns}/{@code pod} commands to manage
 * namespaces and pods by hand, and a multi-node {@code cluster} demo, all through the SDK.
 * {@code --help} explains each command.
 *
 * {@snippet :
 * // in-process, with captured output (what the tests do); main() does the same with System.out
 * int status = NetnsCli.run(List.of("ns", "list"), System.out, System.err);
 * }
 *
 * <p>Exit status: 0 done, 1 failed (one sentence saying why and what to do, no stack trace unless
 * {@code --debug}), 2 bad usage; {@code ns exec} returns the command's own status.
 */
public final class NetnsCli {
    /** The exit status of bad usage. */
    public static final int USAGE = 2;
    /** The exit status of a failure. */
    public static final int FAILED = 1;

    private NetnsCli() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), Out.system()));
    }

    /**
     * Runs one command with captured output, never exiting the JVM.
     *
     * @return the exit status
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        return run(args, Out.captured(out, err));
    }

    /** The command that runs the CLI from the repository's root, with {@code args} as its arguments. */
    static String invocation(String args) {
        return "mvn -q -pl netns-examples -am -Dmaven.test.skip package exec:exec -Dexec.args=\"" + args + "\"";
    }

    static int run(List<String> rawArgs, Out out) {
        List<String> args = new ArrayList<>(rawArgs);
        boolean debug = takeDebugFlag(args);
        try {
            return dispatch(args, out);
        } catch (UsageException e) {
            out.error("netns: " + e.getMessage() + ".");
            out.error("Try '" + (e.command().isEmpty() ? "netns" : "netns " + e.command()) + " --help'.");
            return USAGE;
        } catch (Exception | LinkageError e) {
            out.error(out.red("netns: ") + sentence(e));
            for (Throwable also : e.getSuppressed()) {
                out.error("  also: " + sentence(also));
            }
            if (debug) {
                e.printStackTrace(out.err());
            } else if (!(e instanceof NetnsException) && !(e instanceof IllegalStateException)) {
                out.error("(run with --debug for the stack trace)");
            }
            return FAILED;
        }
    }

    /** Removes {@code --debug} wherever it is, except from the command that {@code ns exec} runs (it may have its own). */
    private static boolean takeDebugFlag(List<String> args) {
        int end = args.size();
        int ns = args.indexOf("ns");
        if (ns >= 0 && ns + 1 < args.size() && args.get(ns + 1).equals("exec")) {
            end = Math.min(args.size(), ns + 3);   // ns exec NAME | CMD...
        }
        boolean found = false;
        for (int i = end - 1; i >= 0; i--) {
            if (args.get(i).equals("--debug")) {
                args.remove(i);
                found = true;
            }
        }
        return found;
    }

    private static int dispatch(List<String> args, Out out) throws Exception {
        String command = args.isEmpty() || args.getFirst().startsWith("-") && !isHelp(args.getFirst()) ? "demo" : args.getFirst();
        List<String> tail = args.isEmpty() || !command.equals(args.getFirst()) ? args : args.subList(1, args.size());
        if (isHelp(command)) {
            out.println(Help.MAIN.stripTrailing());
            return 0;
        }
        if (command.equals("help")) {
            String topic = tail.isEmpty() ? "" : tail.getFirst();
            String text = Help.of(topic);
            if (text == null) {
                throw new UsageException("", "no help for '" + topic + "' (commands: demo, ns, pod, cluster)");
            }
            out.println(text.stripTrailing());
            return 0;
        }
        if (Help.of(command) == null) {
            throw new UsageException("", "unknown command '" + command + "' (commands: demo, ns, pod, cluster, help)");
        }
        if (helpRequested(command, tail)) {
            out.println(Help.of(command).stripTrailing());
            return 0;
        }
        Optional<String> problem = Environment.problem();
        if (problem.isPresent()) {
            out.error(problem.get());
            return FAILED;
        }
        return switch (command) {
            case "ns" -> new NsCommand(out).run(tail);
            case "pod" -> new PodCommand(out).run(tail);
            case "cluster" -> new ClusterCommand(out).run(tail);
            default -> demo(tail, out);
        };
    }

    private static int demo(List<String> tail, Out out) throws Exception {
        Args a = Args.parse("demo", tail, Set.of("--keep"), Set.of("--out", "--server", "--subnet"), -1).expect("demo", 0, "");
        Optional<HttpContainer.Kind> server = a.option("--server").map(s -> switch (s.toLowerCase(Locale.ROOT)) {
            case "python", "python3" -> HttpContainer.Kind.PYTHON;
            case "java" -> HttpContainer.Kind.JAVA;
            default -> throw new UsageException("demo", "--server must be python or java, not '" + s + "'");
        });
        String subnet = a.option("--subnet").orElse(PodCommand.DEFAULT_SUBNET);
        try {
            Demo.checkSubnet(subnet);
        } catch (IllegalArgumentException e) {
            throw new UsageException("demo", e.getMessage());
        }
        Demo.Options options = new Demo.Options(a.has("--keep"), a.option("--out").map(Path::of), server, subnet, Demo.defaultPrefix());
        return new Demo(out, options).run();
    }

    /** {@code --help} anywhere in a command's own arguments; for {@code ns exec} only before the command to run. */
    private static boolean helpRequested(String command, List<String> tail) {
        int limit = tail.size();
        if (command.equals("ns") && !tail.isEmpty() && tail.getFirst().equals("exec")) {
            limit = Math.min(tail.size(), 2);
        }
        for (int i = 0; i < limit; i++) {
            if (tail.get(i).equals("--")) {
                return false;
            }
            if (isHelp(tail.get(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isHelp(String arg) {
        return arg.equals("--help") || arg.equals("-h");
    }

    /** One line for a failure: its message, made to end like a sentence. */
    static String sentence(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getClass().getSimpleName();
        } else if (!(e instanceof NetnsException) && !(e instanceof IllegalStateException) && !(e instanceof IOException)) {
            message = e.getClass().getSimpleName() + ": " + message;
        }
        return message.endsWith(".") ? message : message + ".";
    }
}
