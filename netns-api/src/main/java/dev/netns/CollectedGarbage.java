package dev.netns;

import java.net.InetAddress;
import java.util.List;

/**
 * What {@link PodNetwork#collectGarbage(java.util.Set)} released or repaired: CNI's GC result, in
 * detail. Every list is in the order the work was done.
 *
 * @param pods           ids of the pods that were removed, complete or half-made (not in the live set)
 * @param addresses      addresses whose reservation files were removed from the state directory
 * @param hostInterfaces host-side veth ends deleted from the node namespace (a pod's, or one without a peer)
 * @param namespaces     names of namespaces deleted (only ones {@link PodNetwork#addPod(String)} makes;
 *                       never one given to {@link PodNetwork#attach})
 * @param problems       files of the state directory that were left alone because they are not a
 *                       reservation this network understands, one sentence each naming the path and
 *                       why (not an address, outside the subnets, unreadable)
 */
public record CollectedGarbage(List<String> pods, List<InetAddress> addresses, List<String> hostInterfaces,
                               List<String> namespaces, List<String> problems) {

    public CollectedGarbage {
        pods = List.copyOf(pods);
        addresses = List.copyOf(addresses);
        hostInterfaces = List.copyOf(hostInterfaces);
        namespaces = List.copyOf(namespaces);
        problems = List.copyOf(problems);
    }

    /** Whether nothing was released (problems do not count: they are reported, not released). */
    public boolean isEmpty() {
        return pods.isEmpty() && addresses.isEmpty() && hostInterfaces.isEmpty() && namespaces.isEmpty();
    }
}
