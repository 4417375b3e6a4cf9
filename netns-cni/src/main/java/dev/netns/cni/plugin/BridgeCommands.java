package dev.netns.cni.plugin;

import dev.netns.IpPrefix;
import dev.netns.Link;
import dev.netns.MacAddress;
import dev.netns.NetnsException;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import dev.netns.NoSuchNamespaceException;
import dev.netns.Pod;
import dev.netns.PodNetwork;
import dev.netns.PodSubnet;
import dev.netns.cni.spec.CniVersion;
import dev.netns.cni.spec.ErrorCodes;
import dev.netns.cni.spec.JsonDecodeException;
import dev.netns.cni.spec.JsonObject;
import dev.netns.cni.spec.Result;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * ADD, DEL, CHECK, GC and STATUS of netns-bridge on a durable {@link PodNetwork}: the network is opened
 * (its bridge made on first use) in the namespace the plugin runs in, the node's, with host-local's
 * reservations under {@code dataDir}; the pod's id is {@code CNI_CONTAINERID}.
 */
final class BridgeCommands {
    private BridgeCommands() {
    }

    private static PodNetwork open(BridgeConfig c) throws NetnsException {
        PodNetwork.Builder b = PodNetwork.builder().name(c.name()).bridgeName(c.bridge()).hairpin(c.hairpin())
                .stateDirectory(c.dataDir()).gatewayOnBridge(c.isGateway())
                .defaultRoute(false);                 // the routes are the config's: installRoutes
        for (PodSubnet r : c.ranges()) {
            b.subnet(r.subnet().toString()).gateway(IpPrefix.format(r.gateway()))
                    .addressRange(IpPrefix.format(r.first()), IpPrefix.format(r.last()));
        }
        c.mtu().ifPresent(b::mtu);
        return b.open();
    }

    /** ADD: attach the container's namespace; the result in the reference bridge plugin's shape. */
    static Result add(BridgeConfig c, PluginEnv env) throws Exception {
        try (NetworkNamespace container = openContainer(env);
             PodNetwork net = open(c)) {
            if (c.promisc()) {
                try (NetworkNamespace node = NetworkNamespaces.current()) {
                    node.links().setPromiscuous(c.bridge(), true);   // as the reference plugin: on every ADD
                }
            }
            Pod pod = net.attach(env.containerId(), container, env.ifName());
            try {
                List<Result.Route> routes = installRoutes(c, net, container);
                return result(c, net, pod, container, env, routes);
            } catch (Exception | Error e) {
                try {
                    net.detach(env.containerId());
                } catch (NetnsException | RuntimeException undo) {
                    e.addSuppressed(undo);
                }
                throw e;
            }
        }
    }

    /** DEL: idempotent; the container's namespace may be gone, the network may never have existed. */
    static void delete(BridgeConfig c, PluginEnv env) throws Exception {
        withExistingNetwork(c, net -> net.detach(env.containerId()));
    }

    /** GC: every attachment not in {@code cni.dev/valid-attachments} is released. */
    static void gc(BridgeConfig c) throws Exception {
        Set<String> live = new HashSet<>();
        for (JsonObject a : c.json().objects("cni.dev/valid-attachments")) {
            live.add(a.requireString("containerID"));
        }
        withExistingNetwork(c, net -> {
            var released = net.collectGarbage(live);
            PluginLog.get().info("GC of network {} released pods {} addresses {} host ends {}; left alone: {}",
                    c.name(), released.pods(), released.addresses(), released.hostInterfaces(), released.problems());
        });
    }

    private interface NetworkTask {
        void run(PodNetwork net) throws Exception;
    }

    /**
     * Runs {@code task} on the network. If its bridge did not exist, {@code open()} makes one, which a
     * DEL or GC must not leave behind: then the network is deleted again once nothing is attached.
     */
    private static void withExistingNetwork(BridgeConfig c, NetworkTask task) throws Exception {
        boolean existed;
        try (NetworkNamespace node = NetworkNamespaces.current()) {
            existed = node.links().find(c.bridge()).isPresent();
        }
        if (!existed && !Files.isDirectory(c.dataDir().resolve(c.name()))) {
            return;                                     // nothing of this network on the node
        }
        try (PodNetwork net = open(c)) {
            task.run(net);
            if (!existed && net.pods().isEmpty()) {
                net.delete();
            }
        }
    }

    /** CHECK: the pod, its interface, addresses and routes as the prevResult says, the host end on the bridge. */
    static void check(BridgeConfig c, PluginEnv env) throws Exception {
        JsonObject prevJson = c.json().object("prevResult").orElseThrow(() -> new PluginFailure(ErrorCodes.INVALID_CONFIG,
                "prevResult: CHECK needs the ADD result"));
        Result prev = Result.fromJson(prevJson, c.cniVersion());
        try (NetworkNamespace node = NetworkNamespaces.current()) {
            if (node.links().find(c.bridge()).isEmpty()) {
                throw new PluginFailure(PluginFailure.CHECK_FAILED, "bridge " + c.bridge() + " does not exist");
            }
        }
        try (NetworkNamespace container = openContainer(env); PodNetwork net = open(c)) {
            Pod pod;
            try {
                pod = net.pod(env.containerId());
            } catch (NoSuchElementException e) {
                throw new PluginFailure(ErrorCodes.UNKNOWN_CONTAINER, "no pod " + env.containerId() + " on network " + c.name());
            }
            Link inside = container.links().find(env.ifName()).orElseThrow(() -> new PluginFailure(PluginFailure.CHECK_FAILED,
                    "interface " + env.ifName() + " is missing in " + container.path()));
            if (!inside.isUp()) {
                throw new PluginFailure(PluginFailure.CHECK_FAILED, "interface " + env.ifName() + " is down");
            }
            Set<IpPrefix> present = new HashSet<>();
            container.addresses().list(env.ifName()).forEach(a -> present.add(a.prefix()));
            for (Result.IpConfig ip : prev.ips()) {
                OptionalInt idx = ip.interfaceIndex();
                boolean ours = idx.isEmpty() || prev.interfaces().get(idx.getAsInt()).name().equals(env.ifName())
                        && prev.interfaces().get(idx.getAsInt()).sandbox().isPresent();
                if (ours && !present.contains(ip.address())) {
                    throw new PluginFailure(PluginFailure.CHECK_FAILED, "address " + ip.address() + " is missing on "
                            + env.ifName() + " (has " + present + ")");
                }
            }
            List<dev.netns.Route> routes = container.routes().list();
            for (Result.Route r : prev.routes()) {
                boolean found = routes.stream().anyMatch(k -> k.destination().equals(r.dst())
                        && (r.gw().isEmpty() || k.gateway().equals(r.gw())));
                if (!found) {
                    throw new PluginFailure(PluginFailure.CHECK_FAILED, "route to " + r.dst()
                            + r.gw().map(g -> " via " + IpPrefix.format(g)).orElse("") + " is missing in the container");
                }
            }
            try (NetworkNamespace node = NetworkNamespaces.current()) {
                Link bridge = node.links().get(c.bridge());
                Link host = node.links().find(pod.hostInterfaceName()).orElseThrow(() -> new PluginFailure(
                        PluginFailure.CHECK_FAILED, "host end " + pod.hostInterfaceName() + " is missing"));
                if (host.masterIndex().isEmpty() || host.masterIndex().getAsInt() != bridge.index()) {
                    throw new PluginFailure(PluginFailure.CHECK_FAILED, "host end " + host.name() + " is not on bridge " + c.bridge());
                }
            }
        }
    }

    /** STATUS: ready when the state directory can be written (code 50 otherwise). */
    static void status(BridgeConfig c) throws PluginFailure {
        try {
            Files.createDirectories(c.dataDir());
        } catch (java.io.IOException e) {
            throw new PluginFailure(ErrorCodes.NOT_AVAILABLE, "state directory " + c.dataDir() + " cannot be made: " + e.getMessage());
        }
        if (!Files.isWritable(c.dataDir())) {
            throw new PluginFailure(ErrorCodes.NOT_AVAILABLE, "state directory " + c.dataDir() + " is not writable");
        }
    }

    private static NetworkNamespace openContainer(PluginEnv env) throws PluginFailure, NetnsException {
        try {
            return NetworkNamespaces.open(env.netns().orElseThrow());
        } catch (NoSuchNamespaceException e) {
            throw new PluginFailure(ErrorCodes.UNKNOWN_CONTAINER, "CNI_NETNS " + env.netns().orElseThrow() + " does not exist");
        }
    }

    /**
     * The routes the reference bridge plugin makes: every route of {@code ipam.routes} (via its {@code gw},
     * else via its family's gateway), then, with {@code isDefaultGateway}, a default route via each
     * family's gateway unless {@code ipam.routes} has one. Returned as the result lists them.
     */
    private static List<Result.Route> installRoutes(BridgeConfig c, PodNetwork net, NetworkNamespace container) throws Exception {
        List<Result.Route> out = new ArrayList<>(c.routes());
        if (c.isDefaultGateway()) {
            for (IpPrefix g : net.gateways()) {
                if (out.stream().noneMatch(r -> r.dst().prefixLength() == 0 && r.dst().isIpv4() == g.isIpv4())) {
                    out.add(Result.Route.of(g.isIpv4() ? IpPrefix.parse("0.0.0.0/0") : IpPrefix.parse("::/0"), Optional.of(g.address())));
                }
            }
        }
        for (Result.Route r : out) {
            container.routes().add(r.dst(), r.gw().orElse(gateway(net, r.dst().isIpv4()).address()));
        }
        return out;
    }

    private static IpPrefix gateway(PodNetwork net, boolean v4) throws PluginFailure {
        return net.gateways().stream().filter(g -> g.isIpv4() == v4).findFirst().orElseThrow(() -> new PluginFailure(
                ErrorCodes.INVALID_CONFIG, "ipam.routes: a route of a family without a subnet"));
    }

    private static Result result(BridgeConfig c, PodNetwork net, Pod pod, NetworkNamespace container, PluginEnv env,
                                 List<Result.Route> routes) throws Exception {
        List<Result.Interface> ifs = new ArrayList<>();
        try (NetworkNamespace node = NetworkNamespaces.current()) {
            ifs.add(iface(node.links().get(c.bridge()), Optional.empty()));
            ifs.add(iface(node.links().get(pod.hostInterfaceName()), Optional.empty()));
        }
        ifs.add(iface(container.links().get(env.ifName()), Optional.of(env.netns().orElseThrow().toString())));
        List<Result.IpConfig> ips = new ArrayList<>();
        for (IpPrefix a : pod.addresses()) {
            ips.add(new Result.IpConfig(a, Optional.of(gateway(net, a.isIpv4()).address()), OptionalInt.of(2)));
        }
        return new Result(c.cniVersion(), ifs, ips, routes, dns(c.json()));
    }

    private static Result.Interface iface(Link l, Optional<String> sandbox) {
        return new Result.Interface(l.name(), l.mac().map(MacAddress::toString), OptionalInt.of(l.mtu()), sandbox);
    }

    private static Result.Dns dns(JsonObject conf) throws JsonDecodeException {
        Optional<JsonObject> d = conf.object("dns");
        if (d.isEmpty()) {
            return Result.Dns.NONE;
        }
        return new Result.Dns(d.get().strings("nameservers"), d.get().string("domain").orElse(""),
                d.get().strings("search"), d.get().strings("options"));
    }

    static boolean allows(String version, String command) {
        return switch (command) {
            case "CHECK" -> CniVersion.atLeast(version, "0.4.0");
            case "GC", "STATUS" -> CniVersion.atLeast(version, "1.1.0");
            default -> true;
        };
    }
}
