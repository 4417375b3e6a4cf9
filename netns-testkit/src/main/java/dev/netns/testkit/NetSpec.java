package dev.netns.testkit;

/** The attributes of a {@link PodNet} as a value, so a scope without an annotation can use the defaults. */
record NetSpec(String subnet, String ipv6Subnet, String bridge, int mtu) {
    static final NetSpec DEFAULT = new NetSpec("10.244.1.0/24", "", "cni0", 0);

    static NetSpec of(PodNet a) {
        return new NetSpec(a.subnet(), a.ipv6Subnet(), a.bridge(), a.mtu());
    }

    @Override
    public String toString() {
        return "@PodNet(subnet=\"" + subnet + "\", ipv6Subnet=\"" + ipv6Subnet + "\", bridge=\"" + bridge + "\", mtu=" + mtu + ")";
    }
}
