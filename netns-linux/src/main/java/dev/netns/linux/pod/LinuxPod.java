package dev.netns.linux.pod;

import dev.netns.IpPrefix;
import dev.netns.NetworkNamespace;
import dev.netns.Pod;
import dev.netns.linux.ns.LinuxNetworkNamespace;

import java.net.InetAddress;
import java.util.List;

/** A pod of a {@link LinuxPodNetwork}: its namespace handle (owned by the network), addresses and veth names. */
final class LinuxPod implements Pod {
    static final String POD_INTERFACE = "eth0";

    private final String name;
    private final LinuxNetworkNamespace namespace;
    private final List<IpPrefix> addresses;
    private final String hostInterfaceName;

    LinuxPod(String name, LinuxNetworkNamespace namespace, List<IpPrefix> addresses, String hostInterfaceName) {
        this.name = name;
        this.namespace = namespace;
        this.addresses = List.copyOf(addresses);
        this.hostInterfaceName = hostInterfaceName;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public NetworkNamespace namespace() {
        return namespace;
    }

    LinuxNetworkNamespace linuxNamespace() {
        return namespace;
    }

    String namespaceName() {
        return namespace.name().orElseThrow();
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
        return POD_INTERFACE;
    }

    @Override
    public String hostInterfaceName() {
        return hostInterfaceName;
    }

    @Override
    public String toString() {
        return "Pod[" + name + ", " + addresses + ", netns " + namespaceName() + ", host end " + hostInterfaceName + "]";
    }
}
