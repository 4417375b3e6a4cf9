package dev.netns.testkit;

import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** Runs {@link Example} classes through the Jupiter engine and reads their outcome. */
final class Examples {
    static final String KEY = "netns.testkit.examples";
    /**
     * The machine these tests run on is shared with other programs that create named namespaces; the
     * examples' leak checks look only at the names a test of the testkit can make.
     */
    static final String ONLY_OUR_NAMES = "(?!tk-|leak-).*";

    private Examples() {
    }

    static EngineExecutionResults run(Class<?> example) {
        return run(example, Map.of());
    }

    static EngineExecutionResults run(Class<?> example, Map<String, String> config) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter(KEY, "true")
                .configurationParameter(NetnsExtension.IGNORE_KEY, ONLY_OUR_NAMES)
                .configurationParameters(config)
                .selectors(selectClass(example))
                .execute();
    }

    /** The failure messages of the failed tests, with their suppressed exceptions' messages. */
    static List<String> failureMessages(EngineExecutionResults r) {
        return r.testEvents().failed().stream().map(Examples::messageOf).toList();
    }

    /** Fails with every failure's display name and message when any test or container of the run failed. */
    static void assertNoFailures(EngineExecutionResults r) {
        List<String> failures = r.allEvents().failed().stream()
                .map(e -> e.getTestDescriptor().getDisplayName() + ": " + messageOf(e)).toList();
        if (!failures.isEmpty()) {
            throw new AssertionError(String.join("\n", failures));
        }
    }

    static String messageOf(Event e) {
        Throwable t = e.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable).orElseThrow();
        StringBuilder sb = new StringBuilder(String.valueOf(t.getMessage()));
        for (Throwable s : t.getSuppressed()) {
            sb.append("\n[suppressed] ").append(s.getMessage());
        }
        return sb.toString();
    }

    /** The values of report entries with {@code key} published anywhere in the run. */
    static List<String> reportEntries(EngineExecutionResults r, String key) {
        return r.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getPayload(org.junit.platform.engine.reporting.ReportEntry.class))
                .flatMap(Optional::stream)
                .flatMap(entry -> Optional.ofNullable(entry.getKeyValuePairs().get(key)).stream())
                .toList();
    }
}
