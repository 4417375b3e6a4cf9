package dev.netns;

/** The MTU and MAC rules shared by all builders (and, through the SPI, by the provider's setters). */
final class LinkChecks {
    private LinkChecks() {
    }

    static int checkMtu(int mtu) {
        if (mtu <= 0 || mtu > 65535) {
            throw new IllegalArgumentException("MTU must be 1..65535 bytes, is " + mtu);
        }
        return mtu;
    }

    /** A unicast address. */
    static MacAddress checkMac(MacAddress mac) {
        if (mac == null) {
            throw new IllegalArgumentException("MAC address must not be null");
        }
        if (mac.isMulticast()) {
            throw new IllegalArgumentException("MAC address of an interface must be unicast (first octet even): " + mac);
        }
        return mac;
    }
}
