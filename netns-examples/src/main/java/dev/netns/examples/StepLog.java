package dev.netns.examples;

import java.util.ArrayList;
import java.util.List;
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
    private static final int WIDTH = 80;

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

    /**
     * Runs {@code action}, then prints its duration and {@code describe} of its result. A failure is
     * rethrown as {@link StepFailedException} saying what was being done.
     *
     * @param what the action, as a verb phrase for the failure message ("start the HTTP server in mypod")
     */
    <T> T timed(String what, Action<T> action, Function<T, String> describe) throws StepFailedException {
        long t0 = System.nanoTime();
        T result;
        try {
            result = action.get();
        } catch (Exception e) {
            print(String.format(Locale.ROOT, "  %9s  ", "FAILED"), what, false);
            throw new StepFailedException("could not " + what + ": " + NetnsCli.sentence(e), e);
        }
        long nanos = System.nanoTime() - t0;
        print(String.format(Locale.ROOT, "  %9s  ", duration(nanos)), describe.apply(result), false);
        return result;
    }

    /** A demo action failed; the message says which and why. */
    static final class StepFailedException extends Exception {
        StepFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A line under the last action, aligned with its text. */
    void note(String text) {
        print(INDENT, text, true);
    }

    /** A line at the action column without a time (for things that were not timed). */
    void line(String text) {
        print(INDENT, text, false);
    }

    /** Prints {@code text} after {@code lead}, wrapped at spaces to {@value #WIDTH} columns, continuation lines indented. */
    private void print(String lead, String text, boolean dim) {
        List<String> lines = wrap(text, WIDTH - INDENT.length());
        for (int i = 0; i < lines.size(); i++) {
            String line = dim ? out.dim(lines.get(i)) : lines.get(i);
            out.println((i == 0 ? lead : INDENT) + line);
        }
    }

    /** Words of {@code text} in lines of at most {@code width} columns; a longer word (a path) gets a line of its own. */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (!line.isEmpty() && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (!line.isEmpty()) {
                line.append(' ');
            }
            line.append(word);
        }
        lines.add(line.toString());
        return lines;
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
