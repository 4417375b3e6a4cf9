package dev.netns.linux.ipam;

import dev.netns.NetnsException;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Where a network's reservations live: host-local's state directory ({@link DiskStore}) or this
 * process's memory ({@link MemoryStore}). Every method but {@link #lock()} requires the lock held.
 */
public interface Store extends AutoCloseable {

    /** Takes the store's exclusive lock (the {@code flock} of {@code lock}); closing the result releases it. */
    Held lock() throws NetnsException;

    /**
     * Reserves {@code address} for pod {@code id}'s {@code interfaceName} and records it as the last
     * address reserved from range set {@code rangeIndex}. Returns false if it is taken.
     */
    boolean reserve(String id, String interfaceName, InetAddress address, int rangeIndex) throws NetnsException;

    /** The last address reserved from range set {@code rangeIndex}, if recorded and readable. */
    Optional<InetAddress> lastReserved(int rangeIndex);

    /** Every reservation and every file that is not one of ours, for these ranges. */
    Snapshot read(List<AddressRange> ranges) throws NetnsException;

    /**
     * Removes the reservation if its file still holds exactly it (so a reservation read earlier never
     * removes a later pod's); returns whether it did.
     */
    boolean release(Reservation reservation) throws NetnsException;

    /** Removes the store itself (the network's directory), as part of deleting the network. */
    void destroy() throws NetnsException;

    /** What the store is, for messages: its directory, or "memory". */
    String describe();

    /** Releases this handle's resources; the reservations stay. */
    @Override
    void close();

    /** A held lock. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }
}
