package dev.netns;

import java.net.InetAddress;

/**
 * One node of a {@link Cluster}: a namespace standing in for a machine, with an {@code eth0} on the
 * cluster's underlay network and a {@link PodNetwork} on its own pod subnet. Owned by its cluster:
 * removed by {@link Cluster#removeNode(int)} or {@link Cluster#close()}, never by the caller.
 *
 * {@snippet :
 * ClusterNode node = cluster.node(1);
 * node.namespace().run(() -> ...);           // code "on the machine"
 * Pod web = node.addPod("web");              // a pod of this node, address from node.podSubnet()
 * }
 */
public interface ClusterNode {

    /** The node's name, which is also the name of its namespace (e.g. {@code cluster-node1}). */
    String name();

    /** The node's number: node {@code i} has the {@code i}-th subnet of the pod CIDR. */
    int index();

    /** The node's namespace (named, visible to {@code ip netns}); borrowed from the cluster. */
    NetworkNamespace namespace();

    /** The address of the node's {@code eth0} on the underlay, the address other nodes tunnel or route to. */
    InetAddress underlayAddress();

    /** The pod subnet of this node, e.g. {@code 10.244.1.0/24}. */
    IpPrefix podSubnet();

    /** The node's pod network (bridge {@code cni0} carrying the first address of {@link #podSubnet()}). */
    PodNetwork podNetwork();

    /**
     * Adds a pod on this node; {@code podNetwork().addPod(name)}. Its namespace is named
     * {@code NODE-NAME} (the node's name, a dash, the pod's name).
     *
     * @see PodNetwork#addPod(String)
     */
    default Pod addPod(String name) throws NetnsException {
        return podNetwork().addPod(name);
    }
}
