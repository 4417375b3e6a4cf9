package dev.netns.linux.ipam;

import dev.netns.IpPrefix;
import dev.netns.NetnsException;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

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
            Snapshot now = store.read(ranges);
            List<Reservation> existing = now.of(id.strip());
            if (!existing.isEmpty()) {
                throw new IllegalStateException("pod " + id + " already exists in " + store.describe() + " (it holds "
                        + existing.stream().map(r -> IpText.format(r.address())).toList() + ")");
            }
            List<IpPrefix> reserved = new ArrayList<>();
            try {
                for (AddressRange range : ranges) {
                    reserved.add(new IpPrefix(reserveIn(range, id, interfaceName), range.subnet().prefixLength()));
                }
            } catch (NetnsException | RuntimeException e) {
                for (IpPrefix p : reserved) {
                    try {
                        store.release(new Reservation(p.address(), id.strip(), interfaceName));
                    } catch (NetnsException undo) {
                        e.addSuppressed(undo);
                    }
                }
                throw e;
            }
            return reserved;
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
        try (Store.Held held = store.lock()) {
            List<InetAddress> released = new ArrayList<>();
            for (Reservation r : store.read(ranges).reservations()) {
                if (r.belongsTo(id, interfaceName) && store.release(r)) {
                    released.add(r.address());
                }
            }
            return released;
        }
    }
}
