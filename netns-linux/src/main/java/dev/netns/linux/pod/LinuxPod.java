package dev.netns.linux.pod;

import dev.netns.IpPrefix;
import dev.netns.NetworkNamespace;
import dev.netns.Pod;
import dev.netns.linux.ns.LinuxNetworkNamespace;

import java.net.InetAddress;
import java.util.List;

/**
 * A pod of a {@link LinuxPodNetwork}, as this process sees it: a namespace handle of the network's
 * own (closed by the network), the addresses, the veth names, and the host end's ifindex, which
 * tells a pod apart from a later one of the same id.
 */
final class LinuxPod implements Pod {
    static final String POD_INTERFACE = "eth0";

    private final String id;
    private final LinuxNetworkNamespace namespace;
    private final List<IpPrefix> addresses;
    private final String interfaceName;
    private final String hostInterfaceName;
    private final int hostIndex;
    private final boolean ownsNamespace;

    LinuxPod(String id, LinuxNetworkNamespace namespace, List<IpPrefix> addresses, String interfaceName,
             String hostInterfaceName, int hostIndex, boolean ownsNamespace) {
        this.id = id;
        this.namespace = namespace;
        this.addresses = List.copyOf(addresses);
        this.interfaceName = interfaceName;
        this.hostInterfaceName = hostInterfaceName;
        this.hostIndex = hostIndex;
        this.ownsNamespace = ownsNamespace;
    }

    @Override
    public String name() {
        return id;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public NetworkNamespace namespace() {
        return namespace;
    }

    LinuxNetworkNamespace linuxNamespace() {
        return namespace;
    }

    int hostIndex() {
        return hostIndex;
    }

    /** Whether {@code addPod} made the namespace (and removing the pod deletes it). */
    boolean ownsNamespace() {
        return ownsNamespace;
    }

    @Override
    public InetAddress address() {
        return addresses.getFirst().address();
    }

    @Override
    public List<IpPrefix> addresses() {
        return addresses;
    }

    @Override
    public String interfaceName() {
        return interfaceName;
    }

    @Override
    public String hostInterfaceName() {
        return hostInterfaceName;
    }

    @Override
    public String toString() {
        return "Pod[" + id + ", " + addresses + ", netns " + namespace.name().orElse(namespace.path().toString())
                + ", " + interfaceName + ", host end " + hostInterfaceName + "]";
    }
}
