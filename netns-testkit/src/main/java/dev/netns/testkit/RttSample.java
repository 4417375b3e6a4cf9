package dev.netns.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Round-trip times measured by {@link Probes#rtt}: one entry per round trip of a small message over
 * one TCP connection, in the order measured. A sample for looking at, not for timing assertions
 * (those belong in benchmarks).
 *
 * {@snippet :
 * RttSample rtt = Probes.rtt(client.namespace(), server.address(), 7, 100);
 * System.out.println(rtt);        // RTT over 100 round trips: min 21.3 µs, median 30.2 µs, ...
 * }
 *
 * @param rounds the measured round trips, at least one
 */
public record RttSample(List<Duration> rounds) {
    public RttSample {
        rounds = List.copyOf(rounds);
        if (rounds.isEmpty()) {
            throw new IllegalArgumentException("an RTT sample needs at least one round trip");
        }
    }

    public Duration min() {
        return Collections.min(rounds);
    }

    public Duration max() {
        return Collections.max(rounds);
    }

    /** The median (the lower one for an even count). */
    public Duration median() {
        return percentile(50);
    }

    /** The nearest-rank percentile, {@code p} in (0, 100]. */
    public Duration percentile(double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], not " + p);
        }
        List<Duration> sorted = new ArrayList<>(rounds);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    @Override
    public String toString() {
        return "RTT over " + rounds.size() + " round trips: min " + micros(min()) + ", median " + micros(median())
                + ", p99 " + micros(percentile(99)) + ", max " + micros(max());
    }

    private static String micros(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f µs", d.toNanos() / 1_000.0);
    }
}
