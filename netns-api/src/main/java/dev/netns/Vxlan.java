package dev.netns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A VXLAN tunnel endpoint: Ethernet frames encapsulated in UDP, identified by a 24-bit VNI, sent
 * to a unicast {@code remote} or a multicast {@code group}. Equivalent to
 * {@code ip link add NAME type vxlan id VNI [local A] [remote B | group G] dstport PORT [dev DEV] [nolearning]}.
 *
 * {@snippet :
 * Link vx = Vxlan.builder()
 *         .name("vxlan42")
 *         .vni(42)
 *         .local(IpPrefix.parseAddress("10.0.0.1"))
 *         .remote(IpPrefix.parseAddress("10.0.0.2"))
 *         .device("eth0")
 *         .create(ns);
 * }
 *
 * @param name       the tunnel's interface name
 * @param vni        the VXLAN network identifier, 0..16777215
 * @param local      the source address of encapsulated packets; empty to let the kernel pick by route
 * @param remote     the unicast remote endpoint; excludes {@code group}
 * @param group      the multicast group; excludes {@code remote}
 * @param dstPort    the UDP destination port, 1..65535
 * @param device     the underlying device's name ({@code dev DEV})
 * @param mtu        the MTU; empty for the kernel's default
 * @param macAddress a fixed unicast MAC; empty for a random one
 * @param up         whether to bring the tunnel up as it is created
 * @param learning   whether the tunnel learns the remote of each source MAC from the packets it
 *                   receives (the kernel's default); off ({@code nolearning}) when a control plane
 *                   writes every forwarding entry itself, as flannel does
 */
public record Vxlan(String name, int vni, Optional<InetAddress> local, Optional<InetAddress> remote,
                    Optional<InetAddress> group, int dstPort, Optional<String> device, OptionalInt mtu,
                    Optional<MacAddress> macAddress, boolean up, boolean learning) implements LinkSpec {
    /** The IANA-assigned VXLAN port, this builder's default (the kernel's own default is 8472). */
    public static final int IANA_PORT = 4789;
    /** The largest VNI: 2^24 - 1. */
    public static final int MAX_VNI = 0xFFFFFF;

    /** A tunnel that learns remotes from received packets (the kernel's default). */
    public Vxlan(String name, int vni, Optional<InetAddress> local, Optional<InetAddress> remote,
                 Optional<InetAddress> group, int dstPort, Optional<String> device, OptionalInt mtu,
                 Optional<MacAddress> macAddress, boolean up) {
        this(name, vni, local, remote, group, dstPort, device, mtu, macAddress, up, true);
    }

    /**
     * Checks every component and their combination, as the builder does.
     *
     * @throws IllegalArgumentException naming the rule broken
     */
    public Vxlan {
        LinkBuilder.checkCommon(name, mtu, macAddress);
        checkVni(vni);
        Objects.requireNonNull(local, "local").ifPresent(Vxlan::checkLocal);
        Objects.requireNonNull(remote, "remote").ifPresent(Vxlan::checkRemote);
        Objects.requireNonNull(group, "group").ifPresent(Vxlan::checkGroup);
        checkPort(dstPort);
        Objects.requireNonNull(device, "device").ifPresent(InterfaceNames::check);
        if (remote.isPresent() && group.isPresent()) {
            throw new IllegalArgumentException("vxlan takes a remote or a group, not both");
        }
        Optional<InetAddress> peer = remote.or(() -> group);
        if (local.isPresent() && peer.isPresent()
                && (local.get() instanceof Inet4Address) != (peer.get() instanceof Inet4Address)) {
            throw new IllegalArgumentException("vxlan local and " + (remote.isPresent() ? "remote" : "group")
                    + " must be of one address family: " + local.get().getHostAddress() + ", "
                    + peer.get().getHostAddress());
        }
        if (device.isPresent() && device.get().equals(name)) {
            throw new IllegalArgumentException("vxlan cannot be its own underlying device: \"" + name + "\"");
        }
    }

    /** A builder; the name and the VNI are required. */
    public static Builder builder() {
        return new Builder();
    }

    private static int checkVni(int vni) {
        if (vni < 0 || vni > MAX_VNI) {
            throw new IllegalArgumentException("VXLAN VNI must be 0.." + MAX_VNI + " (24 bits), is " + vni);
        }
        return vni;
    }

    private static InetAddress checkLocal(InetAddress local) {
        if (Objects.requireNonNull(local, "local").isMulticastAddress()) {
            throw new IllegalArgumentException("VXLAN local address must be unicast: " + local.getHostAddress());
        }
        return local;
    }

    private static InetAddress checkRemote(InetAddress remote) {
        if (Objects.requireNonNull(remote, "remote").isMulticastAddress()) {
            throw new IllegalArgumentException("VXLAN remote must be unicast, use group(...) for "
                    + remote.getHostAddress());
        }
        return remote;
    }

    private static InetAddress checkGroup(InetAddress group) {
        if (!Objects.requireNonNull(group, "group").isMulticastAddress()) {
            throw new IllegalArgumentException("VXLAN group must be a multicast address, use remote(...) for "
                    + group.getHostAddress());
        }
        return group;
    }

    private static int checkPort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("VXLAN destination port must be 1..65535, is " + port);
        }
        return port;
    }

    /**
     * Creates this tunnel in {@code namespace}.
     *
     * @throws NoSuchLinkException if {@link #device()} does not exist there
     */
    public Link create(NetworkNamespace namespace) throws NetnsException {
        return Objects.requireNonNull(namespace, "namespace").links().create(this);
    }

    /** {@code Vxlan[NAME id VNI local A remote B group G dstport PORT dev DEV nolearning]}, leaving out what is not set. */
    @Override
    public String toString() {
        return "Vxlan[" + name + " id " + vni + local.map(a -> " local " + a.getHostAddress()).orElse("")
                + remote.map(a -> " remote " + a.getHostAddress()).orElse("")
                + group.map(a -> " group " + a.getHostAddress()).orElse("")
                + " dstport " + dstPort + device.map(d -> " dev " + d).orElse("") + (learning ? "" : " nolearning") + "]";
    }

    /**
     * Builds a {@link Vxlan}. Required: {@link #name(String)}, {@link #vni}. Defaults: no local address
     * (the kernel picks by route), no remote or group (learned via the FDB), destination port
     * {@value Vxlan#IANA_PORT}, no underlying device, kernel MTU, random MAC, down. Setters validate
     * at once; {@link #build()} checks the combination (remote xor group, one address family).
     */
    public static final class Builder extends LinkBuilder<Builder> {
        private OptionalInt vni = OptionalInt.empty();
        private Optional<InetAddress> local = Optional.empty();
        private Optional<InetAddress> remote = Optional.empty();
        private Optional<InetAddress> group = Optional.empty();
        private int dstPort = IANA_PORT;
        private Optional<String> device = Optional.empty();
        private boolean learning = true;

        private Builder() {
            super("vxlan");
        }

        @Override
        Builder self() {
            return this;
        }

        /** The VNI, 0..16777215 (24 bits). */
        public Builder vni(int vni) {
            this.vni = OptionalInt.of(checkVni(vni));
            return this;
        }

        /** The source address; must not be multicast. */
        public Builder local(InetAddress local) {
            this.local = Optional.of(checkLocal(local));
            return this;
        }

        /** A unicast remote endpoint; excludes {@link #group}. */
        public Builder remote(InetAddress remote) {
            this.remote = Optional.of(checkRemote(remote));
            return this;
        }

        /** A multicast group; excludes {@link #remote}, and usually wants a {@link #device}. */
        public Builder group(InetAddress group) {
            this.group = Optional.of(checkGroup(group));
            return this;
        }

        /** The UDP destination port, 1..65535 (default {@value Vxlan#IANA_PORT}). */
        public Builder dstPort(int port) {
            this.dstPort = checkPort(port);
            return this;
        }

        /** The underlying device ({@code dev DEV}), in the namespace the tunnel is created in. */
        public Builder device(String device) {
            this.device = Optional.of(InterfaceNames.check(device));
            return this;
        }

        /** Whether to learn remotes from received packets (default {@code true}); {@code false} is {@code nolearning}. */
        public Builder learning(boolean learning) {
            this.learning = learning;
            return this;
        }

        /** @throws IllegalArgumentException naming the missing or conflicting option */
        public Vxlan build() {
            String n = requireName();
            if (vni.isEmpty()) {
                throw new IllegalArgumentException("vxlan needs a VNI: call vni(...)");
            }
            return new Vxlan(n, vni.getAsInt(), local, remote, group, dstPort, device, mtu, macAddress, up, learning);
        }

        /** {@code build().create(namespace)}. */
        public Link create(NetworkNamespace namespace) throws NetnsException {
            return build().create(namespace);
        }
    }
}
