package dev.netns;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/** An Ethernet (EUI-48) hardware address, such as {@code 02:42:ac:11:00:02}. Immutable. */
public final class MacAddress {
    private static final HexFormat HEX = HexFormat.ofDelimiter(":");

    private final byte[] bytes;

    private MacAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Parses six colon-separated hex octets, e.g. {@code "02:42:ac:11:00:02"} (case-insensitive).
     *
     * @throws IllegalArgumentException if the text is not of that form
     */
    public static MacAddress parse(String text) {
        Objects.requireNonNull(text, "mac");
        if (text.length() != 17) {
            throw new IllegalArgumentException("MAC address must be six colon-separated hex octets (aa:bb:cc:dd:ee:ff): \"" + text + "\"");
        }
        try {
            return new MacAddress(HEX.parseHex(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("MAC address must be six colon-separated hex octets (aa:bb:cc:dd:ee:ff): \"" + text + "\"");
        }
    }

    /** Wraps six bytes. @throws IllegalArgumentException unless exactly six */
    public static MacAddress of(byte[] bytes) {
        if (bytes.length != 6) {
            throw new IllegalArgumentException("MAC address must be 6 bytes, is " + bytes.length);
        }
        return new MacAddress(bytes.clone());
    }

    /** The six bytes (a copy). */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Whether the multicast bit (least significant bit of the first octet) is set; such an address cannot name an interface. */
    public boolean isMulticast() {
        return (bytes[0] & 1) != 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MacAddress m && Arrays.equals(bytes, m.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Lower-case colon form, as iproute2 prints it. */
    @Override
    public String toString() {
        return HEX.formatHex(bytes);
    }
}
