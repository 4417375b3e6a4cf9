package dev.netns.examples;

import dev.netns.NetnsException;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import dev.netns.PodNetwork;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;

/**
 * The training run behind the CLI's AOT cache ({@code bin/netns} with {@code NETNS_AOT_TRAINING=1},
 * made at {@code package}): what a {@code netns} invocation loads and links — the command parsing
 * and help, and, with the privileges for it, a pod network in an anonymous node namespace with a
 * few pods, all gone when it ends — so that the cache holds those classes and FFM shapes. Without
 * the privileges it trains the command-line paths only. Prints nothing; a training that could not
 * make namespaces says so in one line on stderr and still succeeds.
 */
public final class CliTraining {
    private CliTraining() {
    }

    public static void main(String[] args) {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        for (List<String> command : List.of(List.of("--help"), List.of("help", "pod"), List.of("pod", "--help"),
                List.of("ns", "--help"), List.of("no-such-command"))) {
            NetnsCli.run(command, quiet, quiet);
        }
        try (NetworkNamespace node = NetworkNamespaces.create();
             PodNetwork net = PodNetwork.builder().node(node).subnet("10.255.252.0/24")
                     .namespacePrefix("netns-aot-" + ProcessHandle.current().pid() + "-").create()) {
            for (int i = 0; i < 3; i++) {
                net.addPod("p" + i);
            }
            net.removePod("p0");
        } catch (NetnsException | RuntimeException e) {
            System.err.println("CLI AOT training without namespaces (" + e.getMessage() + "): the SDK's own paths are not in the cache");
        }
    }
}
