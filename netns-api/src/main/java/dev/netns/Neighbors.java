package dev.netns;

import java.net.InetAddress;
import java.util.List;

/**
 * The neighbour tables of one namespace: IP neighbours (the ARP and IPv6 neighbour-discovery
 * caches, {@code ip neigh}) and forwarding database entries of bridges and vxlan devices
 * ({@code bridge fdb}). Obtain it with {@link NetworkNamespace#neighbors()}; thread-safe.
 *
 * <p>Static entries are what an overlay needs: a VXLAN network such as flannel's writes, for every
 * other node, a neighbour entry (the node's vxlan address → its vxlan MAC) and a forwarding entry
 * (that MAC → the node's underlay address), so no packet ever waits for ARP or floods.
 * {@snippet :
 * ns.neighbors().replace("vxlan0", remoteVtep, remoteMac);       // ip neigh replace ... nud permanent
 * ns.neighbors().addForwarding("vxlan0", remoteMac, remoteNode); // bridge fdb append ... dst ...
 * }
 * Entries added here are permanent ({@code NUD_PERMANENT}). Links are named by interface name and
 * must exist ({@link NoSuchLinkException} otherwise).
 */
public interface Neighbors {

    /**
     * Adds a static IP neighbour; fails with {@code EEXIST} if the address has one on that link.
     * Equivalent to {@code ip neigh add ADDRESS lladdr MAC dev LINK nud permanent}.
     */
    void add(String link, InetAddress address, MacAddress mac) throws NetnsException;

    /**
     * Adds or overwrites a static IP neighbour.
     * Equivalent to {@code ip neigh replace ADDRESS lladdr MAC dev LINK nud permanent}.
     */
    void replace(String link, InetAddress address, MacAddress mac) throws NetnsException;

    /** Removes an IP neighbour. Equivalent to {@code ip neigh del ADDRESS dev LINK}. */
    void delete(String link, InetAddress address) throws NetnsException;

    /**
     * The IP neighbours of every link, IPv4 and IPv6, in every state: also the {@code NOARP} entries
     * the kernel makes for multicast addresses, which plain {@code ip neigh show} hides.
     * Equivalent to {@code ip neigh show nud all}.
     */
    List<Neighbor> list() throws NetnsException;

    /**
     * Adds a static forwarding entry of the device itself: frames for {@code mac} leave the vxlan
     * device {@code link} tunnelled to {@code remote}. For the all-zeros MAC each call adds one more
     * remote (the flood list: broadcasts and unknown destinations go to every one); a unicast MAC
     * keeps the remote it was first given.
     * Equivalent to {@code bridge fdb append MAC dev LINK dst REMOTE self permanent}.
     */
    void addForwarding(String link, MacAddress mac, InetAddress remote) throws NetnsException;

    /**
     * Removes one remote of a forwarding entry.
     * Equivalent to {@code bridge fdb del MAC dev LINK dst REMOTE self}.
     */
    void deleteForwarding(String link, MacAddress mac, InetAddress remote) throws NetnsException;

    /** Every forwarding database entry of every bridge, port and vxlan device. Equivalent to {@code bridge fdb show}. */
    List<Neighbor> forwardingEntries() throws NetnsException;
}
