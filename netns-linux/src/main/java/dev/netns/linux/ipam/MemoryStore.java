package dev.netns.linux.ipam;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/** Reservations of a network that lives only in this process (0.1's {@code create()}): the same rules, in memory. */
public final class MemoryStore implements Store {
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<InetAddress, Reservation> reservations = new LinkedHashMap<>();
    private final Map<Integer, InetAddress> last = new HashMap<>();

    @Override
    public Held lock() {
        lock.lock();
        return new Held() { // a class, not a method reference: nothing spun on a fresh JVM's first pod
            @Override
            public void close() {
                lock.unlock();
            }
        };
    }

    @Override
    public boolean reserve(String id, String interfaceName, InetAddress address, int rangeIndex) {
        if (reservations.putIfAbsent(address, new Reservation(address, id.strip(), interfaceName)) != null) {
            return false;
        }
        last.put(rangeIndex, address);
        return true;
    }

    @Override
    public Optional<InetAddress> lastReserved(int rangeIndex) {
        return Optional.ofNullable(last.get(rangeIndex));
    }

    @Override
    public Snapshot read(List<AddressRange> ranges) {
        return new Snapshot(new ArrayList<>(reservations.values()), List.of());
    }

    @Override
    public boolean release(Reservation reservation) {
        return reservations.remove(reservation.address(), reservation);
    }

    @Override
    public void destroy() {
        reservations.clear();
        last.clear();
    }

    @Override
    public String describe() {
        return "memory";
    }

    @Override
    public void close() {
    }
}
