/**
 * Clusters: several node namespaces on one underlay, each with a pod network, wired by VXLAN or
 * host-gw routes. Sits above {@code pod}: it composes typed {@code rtnl} requests (links,
 * addresses, neighbour and forwarding entries, routes) and pod networks, never raw attributes.
 */
package dev.netns.linux.cluster;
