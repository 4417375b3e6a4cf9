package dev.netns.benchmarks.report;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Formats durations given in microseconds with three significant digits and a fitting unit
 * ({@code 2.71 µs}, {@code 333 µs}, {@code 1.01 ms}, {@code 27.0 ms}, {@code 1.20 s}).
 *
 * {@snippet :
 * String s = Units.time(1010);   // "1.01 ms"
 * }
 */
public final class Units {
    private Units() {
    }

    /** A duration in µs, readable. NaN and negative values print as "–". */
    public static String time(double micros) {
        if (Double.isNaN(micros) || micros < 0) {
            return "–";
        }
        if (micros < 1) {
            return sig(micros * 1000) + " ns";
        }
        if (micros < 1_000) {
            return sig(micros) + " µs";
        }
        if (micros < 1_000_000) {
            return sig(micros / 1_000) + " ms";
        }
        return sig(micros / 1_000_000) + " s";
    }

    /** Like {@link #time(double)}, "–" when empty. */
    public static String time(OptionalDouble micros) {
        return micros.isPresent() ? time(micros.getAsDouble()) : "–";
    }

    /** Three significant digits: 2.71, 27.1, 271 (and 1271 stays 1271). */
    static String sig(double v) {
        if (v >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (v >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
