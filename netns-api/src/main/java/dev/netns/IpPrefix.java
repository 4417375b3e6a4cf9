package dev.netns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * An IP address with a prefix length, as written in {@code ip addr add 10.0.0.2/24}: the address of
 * an interface together with the size of its subnet, or a route's destination network.
 *
 * <p>The family is kept as given: an IPv4-mapped IPv6 address ({@code ::ffff:10.0.0.1}) stays an
 * IPv6 address ({@link Inet6Address}) here, as it is in the kernel, although
 * {@link InetAddress#getByAddress(byte[])} would turn it into IPv4.
 *
 * @param address      the address, IPv4 or IPv6
 * @param prefixLength 0..32 for IPv4, 0..128 for IPv6
 */
public record IpPrefix(InetAddress address, int prefixLength) {

    public IpPrefix {
        Objects.requireNonNull(address, "address");
        int max = maxLength(address);
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length must be 0.." + max + " for "
                    + family(address) + ", is " + prefixLength);
        }
    }

    /**
     * Parses {@code "10.244.1.0/24"} or {@code "fd00::1/64"}. The address must be a literal (no
     * host name is resolved); without {@code /len} the prefix is the full length (a host address).
     *
     * @throws IllegalArgumentException naming the rule broken
     */
    public static IpPrefix parse(String cidr) {
        Objects.requireNonNull(cidr, "cidr");
        int slash = cidr.indexOf('/');
        String addr = slash < 0 ? cidr : cidr.substring(0, slash);
        InetAddress address = parseAddress(addr);
        if (slash < 0) {
            return new IpPrefix(address, maxLength(address));
        }
        String len = cidr.substring(slash + 1);
        if (len.isEmpty() || len.length() > 3 || !allOf(len, "0123456789")) {
            throw new IllegalArgumentException("prefix length must be a decimal number after '/': \"" + cidr + "\"");
        }
        return new IpPrefix(address, Integer.parseInt(len));
    }

    /** Whether every character of {@code text} is one of {@code allowed} (a loop: parsing runs before the JIT, no stream). */
    private static boolean allOf(String text, String allowed) {
        for (int i = 0; i < text.length(); i++) {
            if (allowed.indexOf(text.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses an IPv4 or IPv6 literal without any name lookup. IPv4 parts are decimal without
     * leading zeros ({@code 010.0.0.1} is refused: {@code ip} and {@code inet_aton} read it as octal);
     * an IPv6 literal stays IPv6, IPv4-mapped included.
     *
     * @throws IllegalArgumentException if {@code text} is not an IP address literal
     */
    public static InetAddress parseAddress(String text) {
        Objects.requireNonNull(text, "address");
        boolean v4 = !text.isEmpty() && allOf(text, "0123456789.");
        boolean v6 = text.indexOf(':') >= 0 && allOf(text, "0123456789abcdefABCDEF:.");
        if (v4) {
            String[] parts = text.split("\\.", -1);
            if (parts.length != 4) {
                throw new IllegalArgumentException("not an IPv4 address (need four dotted numbers): \"" + text + "\"");
            }
            byte[] b = new byte[4];
            for (int i = 0; i < 4; i++) {
                if (parts[i].isEmpty() || parts[i].length() > 3 || Integer.parseInt(parts[i]) > 255) {
                    throw new IllegalArgumentException("not an IPv4 address (each part 0..255): \"" + text + "\"");
                }
                if (parts[i].length() > 1 && parts[i].charAt(0) == '0') {
                    throw new IllegalArgumentException("not an IPv4 address (a part with a leading zero, which ip and "
                            + "inet_aton read as octal; write it without): \"" + text + "\"");
                }
                b[i] = (byte) Integer.parseInt(parts[i]);
            }
            return of(b);
        }
        if (v6) {
            try {
                // a literal with ':' is never looked up in DNS; its bytes are kept as IPv6 (mapped ones too)
                return addressOf(InetAddress.getByName(text) instanceof Inet4Address v4mapped
                        ? mapped(v4mapped.getAddress()) : InetAddress.getByName(text).getAddress());
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an IPv6 address: \"" + text + "\"");
            }
        }
        throw new IllegalArgumentException("not an IP address literal: \"" + text + "\"");
    }

    private static InetAddress of(byte[] raw) {
        return addressOf(raw);
    }

    private static byte[] mapped(byte[] v4) {
        byte[] b = new byte[16];
        b[10] = (byte) 0xff;
        b[11] = (byte) 0xff;
        System.arraycopy(v4, 0, b, 12, 4);
        return b;
    }

    /**
     * The address of 4 (IPv4) or 16 (IPv6) bytes, keeping the family the length says: unlike
     * {@link InetAddress#getByAddress(byte[])}, 16 bytes of an IPv4-mapped address stay IPv6.
     *
     * @throws IllegalArgumentException for any other length
     */
    public static InetAddress addressOf(byte[] raw) {
        try {
            return switch (raw.length) {
                case 4 -> InetAddress.getByAddress(raw);
                case 16 -> Inet6Address.getByAddress(null, raw, -1);
                default -> throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + raw.length);
            };
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** Whether this is an IPv4 prefix. */
    public boolean isIpv4() {
        return address instanceof Inet4Address;
    }

    /** The network: the address with every bit past the prefix cleared ({@code 10.244.1.0/24} for {@code 10.244.1.7/24}). */
    public IpPrefix network() {
        byte[] b = address.getAddress();
        for (int i = 0; i < b.length; i++) {
            int keep = Math.max(0, Math.min(8, prefixLength - 8 * i));
            b[i] &= (byte) (0xff << (8 - keep));
        }
        return new IpPrefix(of(b), prefixLength);
    }

    /** Whether {@code other} lies in this prefix's network (same family, same leading bits). */
    public boolean contains(InetAddress other) {
        if ((other instanceof Inet4Address) != isIpv4()) {
            return false;
        }
        return new IpPrefix(other, prefixLength).network().equals(network());
    }

    // equals and hashCode written out: a record's generated ones are bootstrapped through
    // invokedynamic on first use, which costs a fresh JVM tens of milliseconds before its first pod

    @Override
    public boolean equals(Object o) {
        return o instanceof IpPrefix p && prefixLength == p.prefixLength && address.equals(p.address);
    }

    @Override
    public int hashCode() {
        return 31 * address.hashCode() + prefixLength;
    }

    /** {@code 10.244.1.7/24}, {@code fd00::1/64} (IPv6 in the RFC 5952 short form, as iproute2 prints it). */
    @Override
    public String toString() {
        return format(address) + "/" + prefixLength;
    }

    /** An address as iproute2 prints it: dotted IPv4, or RFC 5952 IPv6 (lower case, longest zero run as {@code ::}). */
    public static String format(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            return address.getHostAddress();
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1; // a single zero group is not shortened
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        if (bestStart == 0 && (bestLen == 6 || (bestLen == 5 && groups[5] == 0xffff))) {
            // as inet_ntop: an IPv4-mapped (or -compatible) address ends in dotted IPv4
            return (bestLen == 5 ? "::ffff:" : "::") + (b[12] & 0xff) + "." + (b[13] & 0xff) + "." + (b[14] & 0xff)
                    + "." + (b[15] & 0xff);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    static int maxLength(InetAddress address) {
        return address instanceof Inet4Address ? 32 : 128;
    }

    private static String family(InetAddress address) {
        return address instanceof Inet4Address ? "IPv4" : "IPv6";
    }
}
