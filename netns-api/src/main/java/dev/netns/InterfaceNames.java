package dev.netns;

import java.nio.charset.StandardCharsets;

/** The kernel's rules for network interface names (dev_valid_name in net/core/dev.c), checked before any request. */
public final class InterfaceNames {
    /** IFNAMSIZ - 1: the longest name, in bytes. */
    public static final int MAX_BYTES = 15;

    private InterfaceNames() {
    }

    /**
     * Returns {@code name} if the kernel would accept it as an interface name, by the kernel's own
     * rule ({@code dev_valid_name}), applied to the UTF-8 bytes the kernel receives: 1 to 15 bytes,
     * not {@code "."} or {@code ".."}, no byte {@code '/'}, {@code ':'} or NUL, and no byte the
     * kernel's {@code isspace} matches (9 to 13, 32, and 0xA0, which is also the second byte of
     * U+00A0 and of letters such as U+00E0 'à'). Other Unicode spaces (U+2003) are valid names.
     *
     * @throws IllegalArgumentException naming the rule broken
     */
    public static String check(String name) {
        if (name == null) {
            throw new IllegalArgumentException("interface name must not be null");
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("interface name must not be empty");
        }
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > MAX_BYTES) {
            throw new IllegalArgumentException("interface name must be at most " + MAX_BYTES
                    + " bytes (IFNAMSIZ-1), \"" + name + "\" is " + utf8.length);
        }
        if (name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("interface name must not be \".\" or \"..\"");
        }
        for (byte b : utf8) {
            int u = b & 0xff;
            if (u == '/' || u == ':' || u == 0 || (u >= 9 && u <= 13) || u == ' ' || u == 0xA0) {
                throw new IllegalArgumentException("interface name must not contain '/', ':', NUL or a byte the kernel "
                        + "reads as whitespace (9-13, 32, 0xA0 in its UTF-8 form): \"" + name.replace("\0", "\\0") + "\"");
            }
        }
        return name;
    }
}
