/**
 * Watches of a network namespace: list-then-watch over one rtnetlink multicast socket, the state
 * cache that turns notifications into events, and {@link java.util.concurrent.Flow} delivery with a
 * bounded buffer and a thread per subscriber. Above {@code rtnl} (typed decoding), below {@code ns}
 * (which opens the socket inside the namespace and supplies threads that start outside it).
 */
package dev.netns.linux.watch;
