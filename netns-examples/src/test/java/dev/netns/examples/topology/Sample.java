package dev.netns.examples.topology;

import dev.netns.IpPrefix;

import java.nio.file.Path;
import java.util.List;

/** A topology like the demo's, with the longest names a run can produce (a 7-digit pid). */
final class Sample {
    private Sample() {
    }

    static Topology twoPods() {
        String node = "netns-demo-4194304";
        return new Topology(node, Path.of("/run/netns/" + node), "cni0", IpPrefix.parse("10.244.1.1/24"), IpPrefix.parse("10.244.1.0/24"),
                List.of(pod(node, "mypod", "10.244.1.2/24", "veth0123456789a",
                                new Topology.Container("http-server", "python3 -m http.server, pid 4194399, 127.0.0.1:8080"),
                                new Topology.Container("java-client", "JVM thread in pod.call(...), GET 127.0.0.1:8080")),
                        pod(node, "otherpod", "10.244.1.3/24", "vethfedcba98765",
                                new Topology.Container("java-client", "JVM thread in pod.call(...), TCP to mypod:9000"))));
    }

    static Topology.PodView pod(String node, String name, String address, String host, Topology.Container... containers) {
        String ns = node + "-" + name;
        return new Topology.PodView(name, ns, Path.of("/run/netns/" + ns), "eth0", IpPrefix.parse(address), host, List.of(containers));
    }
}
