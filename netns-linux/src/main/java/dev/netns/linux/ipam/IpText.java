package dev.netns.linux.ipam;

import dev.netns.IpPrefix;

import java.net.InetAddress;
import java.util.Optional;

/**
 * Addresses as text the way host-local names its files (Go's {@code net.IP.String()}): dotted quad
 * for IPv4; for IPv6 lower-case hex groups without leading zeros, the longest run of two or more
 * zero groups (the first, on a tie) written as {@code ::} (RFC 5952).
 */
final class IpText {
    private IpText() {
    }

    /** The file name of an address: {@link IpPrefix#format}'s RFC 5952 form is Go's. */
    public static String format(InetAddress address) {
        return IpPrefix.format(address);
    }

    /**
     * The address a file name stands for, only if the name is exactly how host-local would write it:
     * {@code "010.1.1.1"} or an upper-case IPv6 name is someone else's file, not a reservation. An
     * IPv4-mapped IPv6 name ({@code ::ffff:10.0.0.2}) stays IPv6, as {@link #format} wrote it.
     */
    public static Optional<InetAddress> parseFileName(String name) {
        if (name.isEmpty() || name.length() > 39 || !name.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
            return Optional.empty();
        }
        try {
            InetAddress a = IpPrefix.parseAddress(name);
            return format(a).equals(name) ? Optional.of(a) : Optional.empty();
        } catch (IllegalArgumentException notAnAddress) {
            return Optional.empty();
        }
    }
}
