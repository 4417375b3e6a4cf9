package dev.netns.linux.pod;

import dev.netns.linux.ipam.AddressRange;
import dev.netns.linux.ipam.Reservation;
import dev.netns.linux.ipam.Snapshot;
import dev.netns.linux.rtnl.LinkMessage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pods of a network as the node shows them: the reservations of the state directory grouped by
 * pod (id and interface), each matched with its host end in the node namespace and that end's mark.
 * Nothing is cached: every call reads the kernel and the store again.
 */
final class PodScan {
    private PodScan() {
    }

    /**
     * What is left of one pod.
     *
     * @param id            the pod's id (empty for a file torn by a crash)
     * @param interfaceName the pod's interface (empty in an id-only file)
     * @param reservations  its reservation files
     * @param hostEnd       its host end, if one exists under either of its possible names
     * @param ownedName     the run-directory name of the namespace {@code addPod} would have made for it
     */
    record Found(String id, String interfaceName, List<Reservation> reservations, Optional<LinkMessage> hostEnd,
                 String ownedName) {

        Optional<Marks.PodMark> mark() {
            return hostEnd.isPresent() ? Marks.pod(hostEnd.get().alias()) : Optional.empty();
        }

        /** Finished: marked host end, and one address in each range. */
        boolean complete(List<AddressRange> ranges) {
            if (mark().isEmpty() || id.isEmpty()) {
                return false;
            }
            for (AddressRange r : ranges) {
                int inRange = 0;
                for (Reservation x : reservations) {
                    if (r.contains(x.address())) {
                        inRange++;
                    }
                }
                if (inRange != 1) {
                    return false;
                }
            }
            return true;
        }

        String hostName() {
            return hostEnd.isPresent() ? hostEnd.get().name().orElse("") : "";
        }
    }

    /** The pods the reservations describe, in reservation order. */
    static List<Found> scan(Snapshot snapshot, List<LinkMessage> nodeLinks, String network, String namespacePrefix) {
        Map<String, LinkMessage> byName = byName(nodeLinks);
        Map<List<String>, List<Reservation>> groups = new LinkedHashMap<>();
        for (Reservation r : snapshot.reservations()) {
            List<String> key = List.of(r.id(), r.interfaceName());
            List<Reservation> group = groups.get(key);
            if (group == null) {
                group = new ArrayList<>();
                groups.put(key, group);
            }
            group.add(r);
        }
        List<Found> out = new ArrayList<>();
        for (Map.Entry<List<String>, List<Reservation>> g : groups.entrySet()) {
            String id = g.getKey().get(0);
            String ifName = g.getKey().get(1);
            out.add(found(id, ifName, g.getValue(), byName, network, namespacePrefix));
        }
        return out;
    }

    /** A pod with no reservation left, found from its host end alone (a removal killed after releasing). */
    static Found withoutReservations(String id, String ifName, List<LinkMessage> nodeLinks, String network, String namespacePrefix) {
        return found(id, ifName, List.of(), byName(nodeLinks), network, namespacePrefix);
    }

    private static Map<String, LinkMessage> byName(List<LinkMessage> links) {
        Map<String, LinkMessage> byName = new LinkedHashMap<>();
        for (LinkMessage m : links) {
            if (m.name().isPresent()) {
                byName.put(m.name().get(), m);
            }
        }
        return byName;
    }

    private static Found found(String id, String ifName, List<Reservation> reservations, Map<String, LinkMessage> byName,
                               String network, String namespacePrefix) {
        String ownedName = namespacePrefix + id;
        Optional<LinkMessage> host = Optional.empty();
        if (!id.isEmpty()) {
            if (ifName.isEmpty() || ifName.equals(LinuxPod.POD_INTERFACE)) {
                host = Optional.ofNullable(byName.get(HostInterfaceNames.forNamespace(ownedName)));
            }
            if (host.isEmpty() && !ifName.isEmpty()) {
                host = Optional.ofNullable(byName.get(HostInterfaceNames.forAttachment(network, id, ifName)));
            }
        }
        return new Found(id, ifName, reservations, host, ownedName);
    }
}
