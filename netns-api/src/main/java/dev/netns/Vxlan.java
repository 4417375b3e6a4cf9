package dev.netns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A VXLAN tunnel endpoint: Ethernet frames encapsulated in UDP, identified by a 24-bit VNI, sent
 * to a unicast {@code remote} or a multicast {@code group}. Equivalent to
 * {@code ip link add NAME type vxlan id VNI [local A] [remote B | group G] dstport PORT [dev DEV]}.
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
 */
public final class Vxlan implements LinkSpec {
    /** The IANA-assigned VXLAN port, this builder's default (the kernel's own default is 8472). */
    public static final int IANA_PORT = 4789;
    /** The largest VNI: 2^24 - 1. */
    public static final int MAX_VNI = 0xFFFFFF;

    private final String name;
    private final int vni;
    private final Optional<InetAddress> local;
    private final Optional<InetAddress> remote;
    private final Optional<InetAddress> group;
    private final int dstPort;
    private final Optional<String> device;
    private final OptionalInt mtu;
    private final Optional<MacAddress> mac;
    private final boolean up;

    private Vxlan(Builder b) {
        this.name = b.name;
        this.vni = b.vni;
        this.local = Optional.ofNullable(b.local);
        this.remote = Optional.ofNullable(b.remote);
        this.group = Optional.ofNullable(b.group);
        this.dstPort = b.dstPort;
        this.device = Optional.ofNullable(b.device);
        this.mtu = b.mtu == null ? OptionalInt.empty() : OptionalInt.of(b.mtu);
        this.mac = Optional.ofNullable(b.mac);
        this.up = b.up;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return name;
    }

    /** The VXLAN network identifier, 0..16777215. */
    public int vni() {
        return vni;
    }

    /** The source address of encapsulated packets. */
    public Optional<InetAddress> local() {
        return local;
    }

    /** The unicast remote endpoint. */
    public Optional<InetAddress> remote() {
        return remote;
    }

    /** The multicast group. */
    public Optional<InetAddress> group() {
        return group;
    }

    /** The UDP destination port. */
    public int dstPort() {
        return dstPort;
    }

    /** The underlying device's name ({@code dev DEV}). */
    public Optional<String> device() {
        return device;
    }

    @Override
    public OptionalInt mtu() {
        return mtu;
    }

    @Override
    public Optional<MacAddress> macAddress() {
        return mac;
    }

    @Override
    public boolean up() {
        return up;
    }

    /**
     * Creates this tunnel in {@code namespace}.
     *
     * @throws NoSuchLinkException if {@link #device()} does not exist there
     */
    public Link create(NetworkNamespace namespace) throws NetnsException {
        return Objects.requireNonNull(namespace, "namespace").links().create(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vxlan v && v.name.equals(name) && v.vni == vni && v.local.equals(local)
                && v.remote.equals(remote) && v.group.equals(group) && v.dstPort == dstPort && v.device.equals(device)
                && v.mtu.equals(mtu) && v.mac.equals(mac) && v.up == up;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, vni, local, remote, group, dstPort, device, mtu, mac, up);
    }

    @Override
    public String toString() {
        return "Vxlan[" + name + " id " + vni + local.map(a -> " local " + a.getHostAddress()).orElse("")
                + remote.map(a -> " remote " + a.getHostAddress()).orElse("")
                + group.map(a -> " group " + a.getHostAddress()).orElse("")
                + " dstport " + dstPort + device.map(d -> " dev " + d).orElse("") + "]";
    }

    /**
     * Builds a {@link Vxlan}. Required: {@link #name}, {@link #vni}. Defaults: no local address
     * (the kernel picks by route), no remote or group (learned via the FDB), destination port
     * {@value Vxlan#IANA_PORT}, no underlying device, kernel MTU, random MAC, down. Setters validate
     * at once; {@link #build()} checks the combination (remote xor group, one address family).
     */
    public static final class Builder {
        private String name;
        private Integer vniValue;
        private int vni;
        private InetAddress local;
        private InetAddress remote;
        private InetAddress group;
        private int dstPort = IANA_PORT;
        private String device;
        private Integer mtu;
        private MacAddress mac;
        private boolean up;

        private Builder() {
        }

        public Builder name(String name) {
            this.name = InterfaceNames.check(name);
            return this;
        }

        /** The VNI, 0..16777215 (24 bits). */
        public Builder vni(int vni) {
            if (vni < 0 || vni > MAX_VNI) {
                throw new IllegalArgumentException("VXLAN VNI must be 0.." + MAX_VNI + " (24 bits), is " + vni);
            }
            this.vniValue = vni;
            this.vni = vni;
            return this;
        }

        /** The source address; must not be multicast. */
        public Builder local(InetAddress local) {
            Objects.requireNonNull(local, "local");
            if (local.isMulticastAddress()) {
                throw new IllegalArgumentException("VXLAN local address must be unicast: " + local.getHostAddress());
            }
            this.local = local;
            return this;
        }

        /** A unicast remote endpoint; excludes {@link #group}. */
        public Builder remote(InetAddress remote) {
            Objects.requireNonNull(remote, "remote");
            if (remote.isMulticastAddress()) {
                throw new IllegalArgumentException("VXLAN remote must be unicast, use group(...) for "
                        + remote.getHostAddress());
            }
            this.remote = remote;
            return this;
        }

        /** A multicast group; excludes {@link #remote}, and usually wants a {@link #device}. */
        public Builder group(InetAddress group) {
            Objects.requireNonNull(group, "group");
            if (!group.isMulticastAddress()) {
                throw new IllegalArgumentException("VXLAN group must be a multicast address, use remote(...) for "
                        + group.getHostAddress());
            }
            this.group = group;
            return this;
        }

        /** The UDP destination port, 1..65535 (default {@value Vxlan#IANA_PORT}). */
        public Builder dstPort(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("VXLAN destination port must be 1..65535, is " + port);
            }
            this.dstPort = port;
            return this;
        }

        /** The underlying device ({@code dev DEV}), in the namespace the tunnel is created in. */
        public Builder device(String device) {
            this.device = InterfaceNames.check(device);
            return this;
        }

        public Builder mtu(int mtu) {
            this.mtu = LinkSpec.checkMtu(mtu);
            return this;
        }

        public Builder macAddress(MacAddress mac) {
            this.mac = LinkSpec.checkMac(mac);
            return this;
        }

        public Builder up(boolean up) {
            this.up = up;
            return this;
        }

        /** @throws IllegalArgumentException naming the missing or conflicting option */
        public Vxlan build() {
            if (name == null) {
                throw new IllegalArgumentException("vxlan needs a name: call name(...)");
            }
            if (vniValue == null) {
                throw new IllegalArgumentException("vxlan needs a VNI: call vni(...)");
            }
            if (remote != null && group != null) {
                throw new IllegalArgumentException("vxlan takes a remote or a group, not both");
            }
            InetAddress peer = remote != null ? remote : group;
            if (local != null && peer != null && (local instanceof Inet4Address) != (peer instanceof Inet4Address)) {
                throw new IllegalArgumentException("vxlan local and " + (remote != null ? "remote" : "group")
                        + " must be of one address family: " + local.getHostAddress() + ", " + peer.getHostAddress());
            }
            if (name.equals(device)) {
                throw new IllegalArgumentException("vxlan cannot be its own underlying device: \"" + name + "\"");
            }
            return new Vxlan(this);
        }

        public Link create(NetworkNamespace namespace) throws NetnsException {
            return build().create(namespace);
        }
    }
}
