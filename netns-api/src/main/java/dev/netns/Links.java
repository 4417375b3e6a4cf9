package dev.netns;

import java.util.List;
import java.util.Optional;

/**
 * The network interfaces of one namespace, over an rtnetlink socket bound to that namespace. Obtain
 * it with {@link NetworkNamespace#links()}; it is thread-safe and lives as long as its namespace
 * handle. Interface names are checked with {@link InterfaceNames#check(String)} before any request.
 *
 * <p>A missing interface fails with {@link NoSuchLinkException}; every other refusal with a
 * {@link NetnsException} carrying the errno and the kernel's extended-ack message.
 */
public interface Links {

    /** All interfaces, in index order. Equivalent to {@code ip link show}. */
    List<Link> list() throws NetnsException;

    /** The interface of that name. Equivalent to {@code ip link show dev NAME}. @throws NoSuchLinkException if absent */
    Link get(String name) throws NetnsException;

    /** The interface of that index. @throws NoSuchLinkException if absent */
    Link get(int index) throws NetnsException;

    /** The interface of that name, or empty. */
    Optional<Link> find(String name) throws NetnsException;

    /** Whether an interface of that name exists. */
    default boolean exists(String name) throws NetnsException {
        return find(name).isPresent();
    }

    /**
     * Creates an interface from a kind-specific specification ({@link Bridge}, {@link Vxlan},
     * {@link Macvlan}, {@link VethPair}) and returns it as the kernel reports it. Nothing is left
     * behind when the kernel refuses.
     */
    Link create(LinkSpec spec) throws NetnsException;

    /**
     * Creates an interface of any kind the kernel knows, with no kind-specific options.
     * Equivalent to {@code ip link add NAME type KIND}. An unknown kind fails with the kernel's
     * message ({@code "Unknown device type"}).
     */
    Link add(String name, String kind) throws NetnsException;

    /** Equivalent to {@code ip link set NAME up}. */
    void setUp(String name) throws NetnsException;

    /** Equivalent to {@code ip link set NAME down}. */
    void setDown(String name) throws NetnsException;

    /**
     * Puts the interface into promiscuous mode or takes it out, as a user request on top of any
     * promiscuity the kernel holds for its own reasons (a bridge port, a packet socket).
     * Equivalent to {@code ip link set NAME promisc on} / {@code ip link set NAME promisc off}.
     */
    void setPromiscuous(String name, boolean on) throws NetnsException;

    /** Equivalent to {@code ip link set NAME mtu MTU}. @throws IllegalArgumentException unless {@code mtu} is positive */
    void setMtu(String name, int mtu) throws NetnsException;

    /** Equivalent to {@code ip link set NAME address MAC}. */
    void setMacAddress(String name, MacAddress mac) throws NetnsException;

    /** Equivalent to {@code ip link set NAME name NEWNAME} (the interface must be down). */
    void rename(String name, String newName) throws NetnsException;

    /** Equivalent to {@code ip link set NAME master MASTER}: enslaves it to a bridge. */
    void setMaster(String name, String master) throws NetnsException;

    /** Equivalent to {@code ip link set NAME nomaster}. */
    void setNoMaster(String name) throws NetnsException;

    /**
     * Moves the interface into another namespace, keeping its name. Equivalent to
     * {@code ip link set NAME netns TARGET}.
     */
    void moveTo(String name, NetworkNamespace target) throws NetnsException;

    /** Equivalent to {@code ip link del NAME}. Deleting one end of a veth pair deletes both. */
    void delete(String name) throws NetnsException;
}
