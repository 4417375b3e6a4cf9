package dev.netns;

import java.util.List;

/**
 * The IP addresses of one namespace's interfaces. Obtain it with {@link NetworkNamespace#addresses()};
 * thread-safe.
 *
 * <p>IPv6 addresses are added with {@code nodad} ({@code IFA_F_NODAD}): they are usable at once,
 * without waiting the second or more that duplicate address detection takes. Namespaces built by
 * this library are private, so there is nothing to detect a duplicate of.
 */
public interface Addresses {

    /** Equivalent to {@code ip addr add PREFIX dev LINK} ({@code nodad} for IPv6). */
    void add(String link, IpPrefix prefix) throws NetnsException;

    /** Equivalent to {@code ip addr del PREFIX dev LINK}. */
    void delete(String link, IpPrefix prefix) throws NetnsException;

    /** Every address of every interface. Equivalent to {@code ip addr show}. */
    List<Address> list() throws NetnsException;

    /** The addresses of one interface. Equivalent to {@code ip addr show dev LINK}. */
    List<Address> list(String link) throws NetnsException;
}
