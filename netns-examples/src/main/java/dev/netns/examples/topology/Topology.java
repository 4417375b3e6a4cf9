package dev.netns.examples.topology;

import dev.netns.IpPrefix;
import dev.netns.Pod;
import dev.netns.PodNetwork;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a pod network looks like, as plain values: the node namespace with its bridge, and the pods
 * hanging off it with their containers. The renderers ({@link TextDiagram}, {@link DotGraph},
 * {@link SvgPicture}) draw from this model only, so they need no kernel and are tested on their own.
 *
 * {@snippet :
 * Topology t = Topology.of(network, Map.of("mypod", List.of(new Topology.Container("http-server", "python3, 127.0.0.1:8080"))));
 * System.out.print(TextDiagram.render(t));
 * }
 *
 * @param nodeName      the node namespace's name under /run/netns
 * @param nodePath      its nsfs path
 * @param bridge        the bridge's name in the node namespace
 * @param gateway       the gateway address on the bridge, with the subnet's prefix length
 * @param subnet        the pods' subnet
 * @param pods          the pods, in the order they were added
 */
public record Topology(String nodeName, Path nodePath, String bridge, IpPrefix gateway, IpPrefix subnet,
                       List<PodView> pods) {

    public Topology {
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(nodePath, "nodePath");
        Objects.requireNonNull(bridge, "bridge");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(subnet, "subnet");
        pods = List.copyOf(pods);
    }

    /**
     * One pod as drawn.
     *
     * @param name          the pod's name
     * @param namespace     its namespace's name
     * @param namespacePath its namespace's path ({@code /run/netns/NAME})
     * @param interfaceName the pod's interface ({@code eth0})
     * @param address       the pod's address with prefix length
     * @param hostInterface the host end of its veth pair, on the bridge
     * @param containers    what runs in it (may be empty)
     */
    public record PodView(String name, String namespace, Path namespacePath, String interfaceName, IpPrefix address,
                          String hostInterface, List<Container> containers) {
        public PodView {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(namespacePath, "namespacePath");
            Objects.requireNonNull(interfaceName, "interfaceName");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(hostInterface, "hostInterface");
            containers = List.copyOf(containers);
        }
    }

    /**
     * A container of a pod: a process or code sharing the pod's network stack.
     *
     * @param name   a short label, e.g. {@code http-server}
     * @param detail what it is, e.g. {@code python3 pid 4242, 127.0.0.1:8080}
     */
    public record Container(String name, String detail) {
        public Container {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /**
     * The topology of a live network, read from its getters, with the containers of each pod by pod name.
     *
     * @throws IllegalArgumentException if the node namespace has no name (an anonymous node cannot be inspected with {@code ip netns})
     */
    public static Topology of(PodNetwork network, Map<String, List<Container>> containers) {
        String node = network.node().name().orElseThrow(
                () -> new IllegalArgumentException("the node namespace must be named to be drawn"));
        List<PodView> pods = network.pods().stream().map(p -> view(p, containers.getOrDefault(p.name(), List.of()))).toList();
        IpPrefix gateway = network.gateways().getFirst();
        return new Topology(node, network.node().path(), network.bridgeName(), gateway, network.subnets().getFirst(), pods);
    }

    private static PodView view(Pod pod, List<Container> containers) {
        IpPrefix address = pod.addresses().stream().filter(a -> a.address().equals(pod.address())).findFirst()
                .orElse(pod.addresses().getFirst());
        String ns = pod.namespace().name().orElse(pod.name());
        return new PodView(pod.name(), ns, pod.namespace().path(), pod.interfaceName(), address, pod.hostInterfaceName(), containers);
    }
}
