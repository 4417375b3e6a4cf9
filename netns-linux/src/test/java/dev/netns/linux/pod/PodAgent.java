package dev.netns.linux.pod;

import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import dev.netns.Pod;
import dev.netns.PodNetwork;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * A separate process using one shared pod network, for the multi-process tests: it opens the
 * network (racing any other agent to create it), then
 * <ul>
 *   <li>{@code add ID...}: adds the pods, printing {@code added ID ADDRESS} after each, and exits
 *       without deleting anything (only its handle goes);</li>
 *   <li>{@code addpods ID...}: adds the pods with one {@code addPods} call, then prints {@code added ID ADDRESS}
 *       for each;</li>
 *   <li>{@code churn STEM COUNT}: adds {@code STEM-i} and removes every other one again, printing
 *       {@code added ID} after an add returned and {@code removing ID} before a removal starts —
 *       the parent kills it with SIGKILL somewhere in between.</li>
 * </ul>
 * Arguments: NODE STATE_DIR NETWORK BRIDGE SUBNET PREFIX COMMAND ARGS...; the system property
 * {@code podagent.gatewayOnBridge=false} opens the network with {@code gatewayOnBridge(false)}.
 */
public final class PodAgent {
    private PodAgent() {
    }

    public static void main(String[] args) throws Exception {
        String command = args[6];
        try (NetworkNamespace node = NetworkNamespaces.open(args[0]);
             PodNetwork net = PodNetwork.builder().node(node).stateDirectory(Path.of(args[1])).name(args[2]).bridgeName(args[3])
                     .subnet(args[4]).namespacePrefix(args[5])
                     .gatewayOnBridge(Boolean.parseBoolean(System.getProperty("podagent.gatewayOnBridge", "true"))).open()) {
            System.out.println("opened");
            System.out.flush();
            String[] rest = Arrays.copyOfRange(args, 7, args.length);
            switch (command) {
                case "add" -> {
                    for (String id : rest) {
                        Pod p = net.addPod(id);
                        System.out.println("added " + id + " " + p.address().getHostAddress());
                        System.out.flush();
                    }
                }
                case "addpods" -> {
                    for (Pod p : net.addPods(Arrays.asList(rest))) {
                        System.out.println("added " + p.id() + " " + p.address().getHostAddress());
                    }
                    System.out.flush();
                }
                case "churn" -> {
                    int count = Integer.parseInt(rest[1]);
                    for (int i = 0; i < count; i++) {
                        String id = rest[0] + "-" + i;
                        net.addPod(id);
                        System.out.println("added " + id);
                        System.out.flush();
                        if (i % 2 == 1) {
                            System.out.println("removing " + id);
                            System.out.flush();
                            net.removePod(id);
                        }
                    }
                }
                default -> throw new IllegalArgumentException("unknown command " + command);
            }
            System.out.println("done");
        }
    }
}
