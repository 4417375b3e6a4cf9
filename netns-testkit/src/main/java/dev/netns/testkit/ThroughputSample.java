package dev.netns.testkit;

import java.time.Duration;
import java.util.Locale;

/**
 * A throughput sample from {@link Probes#throughput}: {@code bytes} were sent over one TCP connection
 * to an echo server and all came back within {@code elapsed}. Each byte crossed the path twice, so
 * the one-way rate is {@link #bytesPerSecond()}; the wire carried twice that in total.
 *
 * {@snippet :
 * ThroughputSample tp = Probes.throughput(client.namespace(), server.address(), 7, 64L << 20);
 * System.out.println(tp);         // 67108864 bytes echoed in 81.4 ms: 6595.2 Mbit/s each way
 * }
 *
 * @param bytes   payload bytes sent (and echoed back)
 * @param elapsed from the first write until the last echoed byte arrived
 */
public record ThroughputSample(long bytes, Duration elapsed) {
    public ThroughputSample {
        if (bytes <= 0) {
            throw new IllegalArgumentException("bytes must be positive: " + bytes);
        }
        if (elapsed.isNegative() || elapsed.isZero()) {
            throw new IllegalArgumentException("elapsed must be positive: " + elapsed);
        }
    }

    /** Payload bytes per second in each direction. */
    public double bytesPerSecond() {
        return bytes * 1e9 / elapsed.toNanos();
    }

    /** Payload megabits (10^6 bits) per second in each direction. */
    public double megabitsPerSecond() {
        return bytesPerSecond() * 8 / 1e6;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d bytes echoed in %.1f ms: %.1f Mbit/s each way", bytes,
                elapsed.toNanos() / 1e6, megabitsPerSecond());
    }
}
