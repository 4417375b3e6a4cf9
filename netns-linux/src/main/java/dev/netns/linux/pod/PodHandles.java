package dev.netns.linux.pod;

import dev.netns.IpPrefix;
import dev.netns.NetnsException;
import dev.netns.Pod;
import dev.netns.linux.ipam.AddressRange;
import dev.netns.linux.ipam.Reservation;
import dev.netns.linux.ns.LinuxNetworkNamespace;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The namespace handles a network hands out with its pods. A pod found complete on the node reuses
 * the handle already held for it when its host end is the same device (same ifindex); a pod made
 * by another process, or re-made under the same id, gets a handle opened now. A handle whose pod
 * vanished is closed when this process removes the pod or collects garbage, not while listing: a
 * listing racing with this process's own {@code addPod} must not close the handle that call returns.
 */
final class PodHandles {
    private PodHandles() {
    }

    static List<Pod> refresh(LinuxPodNetwork net, List<PodScan.Found> complete) {
        List<Pod> out = new ArrayList<>();
        net.lock().lock();
        try {
            Map<String, LinuxPod> handles = net.handles();
            for (PodScan.Found f : complete) {
                int hostIndex = f.hostEnd().orElseThrow().header().index();
                LinuxPod cached = handles.get(f.id());
                if (cached != null && cached.hostIndex() == hostIndex) {
                    out.add(cached);
                    continue;
                }
                Marks.PodMark mark = f.mark().orElseThrow();
                LinuxNetworkNamespace ns;
                try {
                    ns = mark.owned() ? net.namespaces().open(mark.namespace()) : net.namespaces().open(Path.of(mark.namespace()));
                } catch (NetnsException unreachable) {
                    continue; // gone since the scan, or a borrowed namespace this process cannot open: not a pod it can hand out
                }
                if (mark.identity().isPresent() && !mark.identity().get().equals(ns.id())) {
                    ns.close(); // the name now denotes a namespace someone else created: not the pod's
                    continue;
                }
                String ifName = f.interfaceName().isEmpty() ? LinuxPod.POD_INTERFACE : f.interfaceName();
                LinuxPod pod = new LinuxPod(f.id(), ns, prefixed(net.ranges(), f.reservations()), ifName, f.hostName(), hostIndex, mark.owned());
                if (cached != null) {
                    cached.linuxNamespace().close();
                }
                handles.put(f.id(), pod);
                out.add(pod);
            }
            return List.copyOf(out);
        } finally {
            net.lock().unlock();
        }
    }

    /** A pod's reservations as prefixes of their subnets, in range order. */
    private static List<IpPrefix> prefixed(List<AddressRange> ranges, List<Reservation> reservations) {
        List<IpPrefix> out = new ArrayList<>();
        for (AddressRange range : ranges) {
            reservations.stream().filter(r -> range.contains(r.address())).findFirst()
                    .ifPresent(r -> out.add(new IpPrefix(r.address(), range.subnet().prefixLength())));
        }
        return out;
    }
}
