package dev.netns.testkit;

/**
 * When the testkit removes what it built for a test or a test class (namespaces, sandbox nodes, pod
 * networks). Keeping a failing test's topology lets a developer look at it with
 * {@code ip netns exec}; the testkit then publishes a report entry naming what it kept.
 *
 * {@snippet :
 * @NetnsTest(cleanup = CleanupMode.ON_SUCCESS)     // keep a failing test's pods for ip netns exec
 * class FlakyRouteTest { ... }
 * }
 *
 * <p>A test's own pods on its class's network stay on that network when kept; a later test of the
 * class that asks for the same pod name gets a fresh pod in its place (test isolation comes first),
 * and the class's cleanup decides about the network itself.
 *
 * <p>The global default comes from the JUnit configuration parameter (or system property)
 * {@value NetnsExtension#CLEANUP_KEY}, e.g. {@code -Dnetns.testkit.cleanup=on_success}; without it,
 * {@link #ALWAYS}.
 */
public enum CleanupMode {
    /** Use the configured default ({@value NetnsExtension#CLEANUP_KEY}, else {@link #ALWAYS}). */
    DEFAULT,
    /** Remove everything after the test or class, whatever its outcome. */
    ALWAYS,
    /** Remove everything after a successful test; keep it after a failure, for inspection. */
    ON_SUCCESS,
    /** Never remove anything; the developer deletes it (the next JVM's sweeper does, once this one has exited). */
    NEVER
}
