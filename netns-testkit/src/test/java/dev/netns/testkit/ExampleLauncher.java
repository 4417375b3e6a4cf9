package dev.netns.testkit;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

/**
 * Runs one {@link Example} class in a JVM of its own and prints one line per finished or skipped
 * test or class ({@code SKIPPED reason}, {@code FAILED message}, {@code SUCCESSFUL}), for tests
 * that need a JVM with other privileges or environment than the build's.
 */
public final class ExampleLauncher {
    private ExampleLauncher() {
    }

    public static void main(String[] args) throws Exception {
        EngineExecutionResults r = Examples.run(Class.forName(args[0]));
        for (Event e : r.allEvents().list()) {
            String what = e.getTestDescriptor().getDisplayName();
            e.getPayload(String.class).ifPresent(reason -> System.out.println("SKIPPED " + what + ": " + reason));
            e.getPayload(TestExecutionResult.class).ifPresent(result -> System.out.println(result.getStatus() + " " + what
                    + result.getThrowable().map(t -> ": " + t.getMessage()).orElse("")));
        }
    }
}
