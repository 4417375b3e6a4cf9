package dev.netns;

import java.net.InetAddress;
import java.util.List;

/**
 * The routes of one namespace's main routing table. Obtain it with {@link NetworkNamespace#routes()};
 * thread-safe. Gateways and destinations must be of one family.
 */
public interface Routes {

    /** Equivalent to {@code ip route add default via GATEWAY}. */
    void addDefault(InetAddress gateway) throws NetnsException;

    /** Equivalent to {@code ip route add DESTINATION via GATEWAY}. */
    void add(IpPrefix destination, InetAddress gateway) throws NetnsException;

    /** Equivalent to {@code ip route add DESTINATION dev LINK} (scope link: the destination is on the wire). */
    void addOnLink(IpPrefix destination, String link) throws NetnsException;

    /** Equivalent to {@code ip route del DESTINATION}; with several matches the kernel removes the first. */
    void delete(IpPrefix destination) throws NetnsException;

    /** The routes of the main table, IPv4 then IPv6. Equivalent to {@code ip route show; ip -6 route show}. */
    List<Route> list() throws NetnsException;
}
