/**
 * The netns demo and command line: {@link dev.netns.examples.NetnsCli} runs the pod-networking demo
 * (the seed scenario: a sandbox node, a pod network, pods whose containers talk over localhost and
 * over the bridge, a picture, a verified teardown) and manages namespaces and pods by hand, the way
 * {@code ip netns} does, through the SDK only.
 *
 * <p>Null policy: no method of this package accepts or returns {@code null}.
 */
package dev.netns.examples;
