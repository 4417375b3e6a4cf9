package dev.netns.linux.ipam;

import dev.netns.IpPrefix;
import dev.netns.NetnsException;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reserves a pod's addresses, one per range set, as host-local does: under the store's lock, refuse
 * an id that already holds an address, then try each range's candidates in order until the
 * exclusive create of a file succeeds. All or nothing: if a later range is exhausted, the
 * addresses already reserved for the pod are released before the failure is thrown.
 */
public final class Allocator {
    private final Store store;
    private final List<AddressRange> ranges;

    public Allocator(Store store, List<AddressRange> ranges) {
        this.store = store;
        this.ranges = List.copyOf(ranges);
    }

    public Store store() {
        return store;
    }

    public List<AddressRange> ranges() {
        return ranges;
    }

    /**
     * The pod's addresses, with their subnets' prefix lengths, in range order.
     *
     * @throws IllegalStateException if the id holds an address already, or a range is exhausted
     */
    public List<IpPrefix> allocate(String id, String interfaceName) throws NetnsException {
        try (Store.Held held = store.lock()) {
            refuseExisting(store.read(ranges), List.of(id));
            return reserve(id, interfaceName);
        }
    }

    /**
     * The addresses of several pods, reserved under one lock with one read of the store, in the
     * order of {@code ids}. All or nothing: if any pod cannot have its addresses, every address this
     * call reserved is released before the failure is thrown.
     *
     * @throws IllegalStateException if an id holds an address already, or a range is exhausted
     */
    public List<List<IpPrefix>> allocateAll(List<String> ids, String interfaceName) throws NetnsException {
        try (Store.Held held = store.lock()) {
            refuseExisting(store.read(ranges), ids);
            List<List<IpPrefix>> out = new ArrayList<>(ids.size());
            try {
                for (String id : ids) {
                    out.add(reserve(id, interfaceName));
                }
            } catch (NetnsException | RuntimeException e) {
                for (int i = 0; i < out.size(); i++) {
                    releaseReserved(ids.get(i), interfaceName, out.get(i), e);
                }
                throw e;
            }
            return out;
        }
    }

    private void refuseExisting(Snapshot now, List<String> ids) {
        Set<String> holders = new HashSet<>();
        for (Reservation r : now.reservations()) {
            holders.add(r.id());
        }
        for (String id : ids) {
            if (holders.contains(id.strip())) {
                List<Reservation> existing = now.of(id.strip());
                throw new IllegalStateException("pod " + id + " already exists in " + store.describe() + " (it holds "
                        + existing.stream().map(r -> IpText.format(r.address())).toList() + ")");
            }
        }
    }

    /** One address in each range for the pod; those already reserved are released again if a range fails. */
    private List<IpPrefix> reserve(String id, String interfaceName) throws NetnsException {
        List<IpPrefix> reserved = new ArrayList<>();
        try {
            for (AddressRange range : ranges) {
                reserved.add(new IpPrefix(reserveIn(range, id, interfaceName), range.subnet().prefixLength()));
            }
        } catch (NetnsException | RuntimeException e) {
            releaseReserved(id, interfaceName, reserved, e);
            throw e;
        }
        return reserved;
    }

    private void releaseReserved(String id, String interfaceName, List<IpPrefix> reserved, Throwable original) {
        for (IpPrefix p : reserved) {
            try {
                store.release(new Reservation(p.address(), id.strip(), interfaceName));
            } catch (NetnsException undo) {
                original.addSuppressed(undo);
            }
        }
    }

    private InetAddress reserveIn(AddressRange range, String id, String interfaceName) throws NetnsException {
        Iterator<InetAddress> candidates = range.candidates(store.lastReserved(range.index()));
        while (candidates.hasNext()) {
            InetAddress a = candidates.next();
            if (store.reserve(id, interfaceName, a, range.index())) {
                return a;
            }
        }
        String where = range.pool().equals(dev.netns.PodSubnet.of(range.subnet())) ? "subnet " + range.subnet()
                : "range " + IpText.format(range.pool().first()) + "-" + IpText.format(range.pool().last()) + " of subnet " + range.subnet();
        throw new IllegalStateException(where + " is exhausted: all " + range.capacity()
                + " pod addresses are in use (" + store.describe() + ")");
    }

    /** Releases every address of the pod; missing ones are fine (idempotent). */
    public List<InetAddress> release(String id, String interfaceName) throws NetnsException {
        return releaseAll(List.of(id), interfaceName);
    }

    /** Releases every address of the pods, under one lock with one read of the store; missing ones are fine. */
    public List<InetAddress> releaseAll(Collection<String> ids, String interfaceName) throws NetnsException {
        try (Store.Held held = store.lock()) {
            List<InetAddress> released = new ArrayList<>();
            for (Reservation r : store.read(ranges).reservations()) {
                if (belongsToAny(r, ids, interfaceName) && store.release(r)) {
                    released.add(r.address());
                }
            }
            return released;
        }
    }

    private static boolean belongsToAny(Reservation r, Collection<String> ids, String interfaceName) {
        for (String id : ids) {
            if (r.belongsTo(id, interfaceName)) {
                return true;
            }
        }
        return false;
    }
}
