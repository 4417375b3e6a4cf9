/**
 * Witnesses of kernel state for tests that are independent of the library under test: iproute2's
 * JSON output ({@link dev.netns.witness.Ip}), /proc ({@link dev.netns.witness.Proc}), any command
 * bounded in time ({@link dev.netns.witness.Commands}), and sandbox node namespaces with names that
 * say which process owns them ({@link dev.netns.witness.Owner}, {@link dev.netns.witness.SandboxNode}).
 *
 * <p>A witness that cannot read what it was asked for throws {@link java.lang.AssertionError}, so a
 * JUnit test reports it as a failure with the command and its output. No method returns
 * {@code null}; parameters must not be {@code null}.
 */
package dev.netns.witness;
