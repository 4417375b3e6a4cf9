package dev.netns.linux.cluster;

import dev.netns.witness.Ip;

import java.util.List;
import java.util.Map;

/** iproute2 as the witness of a cluster's namespaces, untyped where the typed {@link Ip} witnesses do not reach: {@code ip -j -d -n NS ...} and {@code bridge -j -n NS fdb}, parsed. */
final class IpJson {
    private IpJson() {
    }

    static Map<String, Object> link(String ns, String name) {
        return Ip.json("ip", "-j", "-d", "-n", ns, "link", "show", "dev", name).getFirst();
    }

    static List<Map<String, Object>> links(String ns) {
        return Ip.json("ip", "-j", "-n", ns, "link", "show");
    }

    static List<Map<String, Object>> routes(String ns) {
        return Ip.json("ip", "-j", "-n", ns, "route", "show");
    }

    static List<Map<String, Object>> neighbors(String ns, String dev) {
        return Ip.json("ip", "-j", "-n", ns, "neigh", "show", "dev", dev);
    }

    static List<Map<String, Object>> fdb(String ns, String dev) {
        return Ip.json("bridge", "-j", "-n", ns, "fdb", "show", "dev", dev);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> infoData(Map<String, Object> link) {
        return (Map<String, Object>) ((Map<String, Object>) link.get("linkinfo")).get("info_data");
    }
}
