package dev.netns.linux;

import dev.netns.Cluster;
import dev.netns.NetnsException;
import dev.netns.NetworkNamespace;
import dev.netns.PodNetwork;
import dev.netns.StrayThread;
import dev.netns.linux.cluster.LinuxCluster;
import dev.netns.linux.ns.NamespaceManager;
import dev.netns.linux.ns.RunDirectory;
import dev.netns.linux.pod.LinuxPodNetwork;
import dev.netns.spi.NetnsProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The Linux implementation of netns, over Panama FFM and raw rtnetlink: no JNI, no {@code ip}
 * processes. Found by {@link java.util.ServiceLoader} as the {@link NetnsProvider}.
 *
 * <h2>Architecture, bottom up</h2>
 * Each package imports only from those listed before it.
 * <ul>
 *   <li>{@code ffi} — every libc downcall ({@code LibC}), with errno captured per call into a
 *       thread-owned buffer, the errno table ({@code Errno}), and {@code Failures}, which turns the
 *       internal {@code ErrnoException}s into public exceptions where the object's name is known.</li>
 *   <li>{@code netlink} — the {@code AF_NETLINK} socket, message framing, attributes, multipart
 *       dumps, extended acks, batches of requests in flight together, and the multicast socket
 *       that listens to notifications ({@code NetlinkMulticastSocket}).</li>
 *   <li>{@code rtnl} — typed link, address and route messages, one file per link kind, and the
 *       {@code Links}/{@code Addresses}/{@code Routes} views, each over one socket opened inside
 *       its namespace. It knows namespaces only as the descriptor function {@code ns} hands it.</li>
 *   <li>{@code watch} — watches of a namespace ({@code LinuxNetworkWatch}): a multicast socket of
 *       {@code netlink}, notifications decoded by {@code rtnl}, a snapshot read on the same socket,
 *       a reader thread and one delivery thread per subscriber. It gets its socket and its thread
 *       factory from {@code ns}.</li>
 *   <li>{@code nsfs} — the process's own namespace ({@code HomeNamespace}), held open.</li>
 *   <li>{@code process} — processes started inside a namespace ({@code ProcessLauncher}), a
 *       {@code java.lang.Process} implementation.</li>
 *   <li>{@code ns} — namespace handles ({@code LinuxNetworkNamespace}), the iproute2-compatible run
 *       directory, moving threads in and out of namespaces ({@code ThreadSwitch}, {@code Workers}
 *       for virtual threads).</li>
 *   <li>{@code pod} — pod networks: bridge, address allocation, batched pod setup and teardown,
 *       composed of typed {@code rtnl} requests only.</li>
 *   <li>{@code cluster} — several node namespaces on an underlay bridge, a pod network each, wired
 *       by VXLAN (vxlan device, static neighbour and forwarding entries, on-link routes) or host-gw
 *       routes; composes typed {@code rtnl} requests and pod networks.</li>
 * </ul>
 * This class only wires them together and checks, once, that the SDK can work here
 * ({@link Availability}).
 */
public final class LinuxNetnsProvider implements NetnsProvider {
    /** The logger, set up only when there is something to say: a fresh JVM's first call does not pay for logging. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(LinuxNetnsProvider.class);
    }

    private final NamespaceManager manager;

    public LinuxNetnsProvider() {
        Module module = LinuxNetnsProvider.class.getModule();
        if (Availability.problem().isEmpty() && !module.isNativeAccessEnabled()) {
            Log.LOG.warn("netns calls native code without permission; the JVM warns about it and may refuse it in a "
                    + "future release: add {} to the java command line", Availability.flagFor(module));
        }
        this.manager = new NamespaceManager(RunDirectory.system());
    }

    @Override
    public Optional<String> unavailableReason() {
        return Availability.problem();
    }

    @Override
    public NetworkNamespace create(String name) throws NetnsException {
        Availability.require("create");
        return manager.create(name);
    }

    @Override
    public NetworkNamespace createAnonymous() throws NetnsException {
        Availability.require("create");
        return manager.createAnonymous();
    }

    @Override
    public NetworkNamespace open(String name) throws NetnsException {
        Availability.require("open");
        return manager.open(name);
    }

    @Override
    public NetworkNamespace open(Path nsfsPath) throws NetnsException {
        Availability.require("open");
        return manager.open(nsfsPath);
    }

    @Override
    public NetworkNamespace ofPid(long pid) throws NetnsException {
        Availability.require("open");
        return manager.ofPid(pid);
    }

    @Override
    public NetworkNamespace current() throws NetnsException {
        Availability.require("open");
        return manager.current();
    }

    @Override
    public List<String> list() throws NetnsException {
        return manager.list();
    }

    @Override
    public boolean exists(String name) throws NetnsException {
        Availability.require("exists");
        return manager.exists(name);
    }

    @Override
    public void delete(String name) throws NetnsException {
        Availability.require("delete");
        manager.delete(name);
    }

    @Override
    public List<StrayThread> strayThreads() throws NetnsException {
        Availability.require("strayThreads");
        return manager.strayThreads();
    }

    @Override
    public Path runDirectory() {
        return manager.runDirectory().path();
    }

    @Override
    public PodNetwork createPodNetwork(PodNetwork.Spec spec) throws NetnsException {
        Availability.require("createPodNetwork");
        return LinuxPodNetwork.create(manager, spec);
    }

    @Override
    public Cluster createCluster(Cluster.Spec spec) throws NetnsException {
        Availability.require("createCluster");
        return LinuxCluster.create(manager, spec);
    }
}
