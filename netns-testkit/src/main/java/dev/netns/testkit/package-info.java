/**
 * JUnit 5 support for tests against real, isolated Linux networks: {@link dev.netns.testkit.NetnsTest}
 * on a class injects namespaces ({@link dev.netns.testkit.Netns}), pod networks in sandbox nodes
 * ({@link dev.netns.testkit.PodNet}), pods ({@link dev.netns.testkit.TestPod}) and multi-node
 * clusters ({@link dev.netns.testkit.TestCluster}), removes them
 * afterwards, and fails a test that leaves anything behind; {@link dev.netns.testkit.EchoServer},
 * {@link dev.netns.testkit.Probes} and {@link dev.netns.testkit.NamespaceChannelFactory} put Netty
 * traffic inside namespaces.
 *
 * <p>Everything the testkit creates is named {@code tk-<pid>-<n>} (pods {@code tk-<pid>-<n>-<pod>}):
 * the JVM's pid lets a later run's sweeper remove what a crashed run left, and never a live run's.
 * Nothing the testkit builds touches the machine's own network namespace.
 *
 * <p>Null policy: no method of this package accepts {@code null} or returns it.
 */
package dev.netns.testkit;
