/**
 * A pod network as plain values ({@link dev.netns.examples.topology.Topology}) and three ways to
 * draw it: ASCII for the terminal, Graphviz DOT, and a hand-written SVG. No kernel access here.
 *
 * <p>Null policy: no method of this package accepts or returns {@code null}.
 */
package dev.netns.examples.topology;
