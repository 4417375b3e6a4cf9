package dev.netns.linux.ipam;

import java.util.List;

/**
 * The reservations of a network read under its lock, and the files that are not reservations of
 * it (not an address, an address outside its subnets, unreadable), one sentence each naming the path.
 */
public record Snapshot(List<Reservation> reservations, List<String> problems) {
    public Snapshot {
        reservations = List.copyOf(reservations);
        problems = List.copyOf(problems);
    }

    /** The reservations of one pod. */
    public List<Reservation> of(String id) {
        return reservations.stream().filter(r -> r.id().equals(id)).toList();
    }
}
