package dev.netns.examples;

import java.util.Locale;
import java.util.function.Function;

/**
 * The demo's account of itself: numbered steps, and under each the actions with the time each took,
 * measured around the call ({@link System#nanoTime()}), in a column a reader can scan.
 *
 * <pre>
 * Step 1/5  A sandbox node namespace
 *     1.9 ms  created netns-demo-4242 at /run/netns/netns-demo-4242
 *             it stands in for a Kubernetes node
 * </pre>
 */
final class StepLog {
    private static final String INDENT = " ".repeat(13);

    /** Work that returns a value and may throw. */
    @FunctionalInterface
    interface Action<T> {
        T get() throws Exception;
    }

    private final Out out;
    private final int steps;

    StepLog(Out out, int steps) {
        this.out = out;
        this.steps = steps;
    }

    void step(int n, String title) {
        out.println();
        out.println(out.bold("Step " + n + "/" + steps + "  " + title));
    }

    /** A heading without a number. */
    void section(String title) {
        out.println();
        out.println(out.bold(title));
    }

    /** Runs {@code action}, then prints its duration and {@code describe} of its result. */
    <T> T timed(Action<T> action, Function<T, String> describe) throws Exception {
        long t0 = System.nanoTime();
        T result = action.get();
        long nanos = System.nanoTime() - t0;
        out.println(String.format(Locale.ROOT, "  %9s  %s", duration(nanos), describe.apply(result)));
        return result;
    }

    /** A line under the last action, aligned with its text. */
    void note(String text) {
        out.println(INDENT + out.dim(text));
    }

    /** A line at the action column without a time (for things that were not timed). */
    void line(String text) {
        out.println(INDENT + text);
    }

    /** {@code 0.42 ms}, {@code 12.3 ms}, {@code 1.25 s}. */
    static String duration(long nanos) {
        double ms = nanos / 1e6;
        if (ms < 10) {
            return String.format(Locale.ROOT, "%.2f ms", ms);
        }
        if (ms < 1000) {
            return String.format(Locale.ROOT, "%.1f ms", ms);
        }
        return String.format(Locale.ROOT, "%.2f s", ms / 1000);
    }
}
