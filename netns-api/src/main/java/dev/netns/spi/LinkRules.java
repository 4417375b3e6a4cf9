package dev.netns.spi;

import dev.netns.MacAddress;

/**
 * The API's rules for link values, for providers that take them through
 * {@link dev.netns.Links#setMtu} and {@link dev.netns.Links#setMacAddress} (the builders apply
 * the same rules themselves).
 */
public final class LinkRules {
    private LinkRules() {
    }

    /** Returns {@code mtu} when it is 1..65535, otherwise throws {@link IllegalArgumentException}. */
    public static int checkMtu(int mtu) {
        return ApiAccess.get().checkMtu(mtu);
    }

    /** Returns {@code mac} when it is a unicast address, otherwise throws {@link IllegalArgumentException}. */
    public static MacAddress checkMac(MacAddress mac) {
        return ApiAccess.get().checkMac(mac);
    }
}
