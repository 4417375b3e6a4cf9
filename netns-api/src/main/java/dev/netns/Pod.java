package dev.netns;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

/**
 * A pod of a {@link PodNetwork}: its own named network namespace, shared by all its containers,
 * with {@code lo} up and an {@code eth0} whose other end is plugged into the node's bridge.
 *
 * <p>The pod's containers are code run with {@link #run}/{@link #call} and processes started with
 * {@link #start}: they all share one network stack, reach each other on {@code 127.0.0.1}, and
 * reach other pods at their {@link #address()}. A pod is owned by its network: it is removed by
 * {@link PodNetwork#removePod(String)}, {@link PodNetwork#detach(String)},
 * {@link PodNetwork#collectGarbage(java.util.Set)} or {@link PodNetwork#delete()}, not by the caller.
 * The namespace of a pod made by {@link PodNetwork#attach} belongs to whoever made it.
 */
public interface Pod {

    /** The pod's name, unique within its network: the name given to {@link PodNetwork#addPod(String)}, or the id given to {@link PodNetwork#attach}. */
    String name();

    /**
     * The pod's id, unique within its network: the id given to {@link PodNetwork#attach}, the name
     * given to {@link PodNetwork#addPod(String)}. It is what the pod's reservation files in the state
     * directory hold (CNI's container id) and what {@link PodNetwork#detach(String)} and
     * {@link PodNetwork#collectGarbage(java.util.Set)} take.
     */
    default String id() {
        return name();
    }

    /**
     * The pod's network namespace: for an {@code addPod} pod a named one, visible to
     * {@code ip netns list}; for an attached one, a handle to the namespace given to {@code attach}.
     * The handle is the network's: do not close it.
     */
    NetworkNamespace namespace();

    /** The pod's IPv4 address (or its only address, on an IPv6-only network). */
    InetAddress address();

    /** Every address of the pod, one per subnet of the network, with the subnet's prefix length. */
    List<IpPrefix> addresses();

    /** The pod's interface inside its namespace: {@code "eth0"} for an {@code addPod} pod, the name given to {@code attach} otherwise. */
    String interfaceName();

    /** The host end of the pod's veth pair, in the node namespace, enslaved to the bridge. */
    String hostInterfaceName();

    /** Runs code in the pod's network namespace. @see NetworkNamespace#run(NamespaceTask) */
    default <X extends Exception> void run(NamespaceTask<X> task) throws X, NetnsException {
        namespace().run(task);
    }

    /** Runs code in the pod's network namespace and returns its value. @see NetworkNamespace#call(NamespaceCallable) */
    default <T, X extends Exception> T call(NamespaceCallable<T, X> task) throws X, NetnsException {
        return namespace().call(task);
    }

    /** Starts a process (a container) in the pod's network namespace. @see NetworkNamespace#start(ProcessBuilder) */
    default Process start(ProcessBuilder builder) throws IOException {
        return namespace().start(builder);
    }
}
