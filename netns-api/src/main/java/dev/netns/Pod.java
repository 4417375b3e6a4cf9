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
 * {@link PodNetwork#removePod(String)} or {@link PodNetwork#close()}, not by the caller.
 */
public interface Pod {

    /** The pod's name, unique within its network. */
    String name();

    /** The pod's network namespace (a named one, visible to {@code ip netns list}). Owned by the network: do not close it. */
    NetworkNamespace namespace();

    /** The pod's IPv4 address (or its only address, on an IPv6-only network). */
    InetAddress address();

    /** Every address of the pod, one per subnet of the network, with the subnet's prefix length. */
    List<IpPrefix> addresses();

    /** The pod's interface inside its namespace: {@code "eth0"}. */
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
