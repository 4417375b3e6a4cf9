package dev.netns.linux.rtnl;

import dev.netns.linux.ns.LinuxNetworkNamespace;
import dev.netns.linux.ns.NamespaceManager;
import dev.netns.linux.ns.RunDirectory;
import dev.netns.witness.Ip;
import dev.netns.linux.testing.TestNames;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Named test namespaces whose views are this package's {@link RtnlSession}, so {@code ip -n NAME}
 * can witness them; {@link #close()} deletes every one, also after a failure. Nothing is ever
 * created in the machine's own namespace.
 */
final class KernelFixture implements AutoCloseable {
    private static final NamespaceManager MANAGER =
            new NamespaceManager(RunDirectory.system());
    private final List<LinuxNetworkNamespace> handles = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    /** A new named namespace, deleted by {@link #close()}. */
    LinuxNetworkNamespace namespace(String stem) throws Exception {
        String name = TestNames.OWNER.uniqueName("nl" + stem);
        names.add(name);
        LinuxNetworkNamespace ns = MANAGER.create(name);
        handles.add(ns);
        return ns;
    }

    static String name(LinuxNetworkNamespace ns) {
        return ns.name().orElseThrow();
    }

    /** {@code ip -j -d -n NS link show}, parsed. */
    static List<Map<String, Object>> ipLinks(LinuxNetworkNamespace ns) {
        return Ip.json("ip", "-j", "-d", "-n", name(ns), "link", "show");
    }

    /** The {@code ip -j -d link show dev NAME} object, or null when absent. */
    static Map<String, Object> ipLink(LinuxNetworkNamespace ns, String link) {
        return ipLinks(ns).stream().filter(l -> link.equals(l.get("ifname"))).findFirst().orElse(null);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> linkInfo(Map<String, Object> ipLink) {
        return (Map<String, Object>) ipLink.get("linkinfo");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> infoData(Map<String, Object> ipLink) {
        return (Map<String, Object>) linkInfo(ipLink).get("info_data");
    }

    @SuppressWarnings("unchecked")
    static List<String> flags(Map<String, Object> ipLink) {
        return (List<String>) ipLink.get("flags");
    }

    static List<Map<String, Object>> ipAddrs(LinuxNetworkNamespace ns) {
        return Ip.json("ip", "-j", "-n", name(ns), "addr", "show");
    }

    static List<Map<String, Object>> ipRoutes(LinuxNetworkNamespace ns, String family) {
        return Ip.json("ip", "-j", family, "-n", name(ns), "route", "show");
    }

    @Override
    public void close() {
        for (LinuxNetworkNamespace ns : handles) {
            ns.close();
        }
        for (String n : names) {
            Ip.netnsDeleteIfPresent(n);
        }
    }
}
