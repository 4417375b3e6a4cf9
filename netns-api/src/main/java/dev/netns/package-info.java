/**
 * Linux network namespaces and Kubernetes-style pod networking.
 *
 * <p>Entry points: {@link dev.netns.NetworkNamespaces} (create, open, list, delete namespaces),
 * {@link dev.netns.NetworkNamespace} (run code and processes inside one; its links, addresses and
 * routes), {@link dev.netns.VethPair} and the other link builders, {@link dev.netns.PodNetwork}, and
 * {@link dev.netns.Cluster} (several nodes with pod networks on one machine).
 *
 * <p>Null policy: no method of this package accepts {@code null} arguments or returns {@code null};
 * absent values are {@link java.util.Optional}. Failures of the environment are checked
 * {@link dev.netns.NetnsException}s; misuse is unchecked ({@link java.lang.IllegalArgumentException}
 * naming the rule broken, {@link java.lang.IllegalStateException} after close).
 */
package dev.netns;
