package dev.netns.linux.ipam;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Addresses as text the way host-local names its files (Go's {@code net.IP.String()}): dotted quad
 * for IPv4; for IPv6 lower-case hex groups without leading zeros, the longest run of two or more
 * zero groups (the first, on a tie) written as {@code ::} (RFC 5952).
 */
public final class IpText {
    private IpText() {
    }

    public static String format(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // a single zero group is not shortened
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!out.isEmpty() && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    /**
     * The address a file name stands for, only if the name is exactly how host-local would write it:
     * {@code "010.1.1.1"} or an upper-case IPv6 name is someone else's file, not a reservation.
     */
    public static Optional<InetAddress> parseFileName(String name) {
        if (name.isEmpty() || name.length() > 39 || !name.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
            return Optional.empty();
        }
        try {
            InetAddress a = InetAddress.ofLiteral(name);
            return format(a).equals(name) ? Optional.of(a) : Optional.empty();
        } catch (IllegalArgumentException notAnAddress) {
            return Optional.empty();
        }
    }
}
