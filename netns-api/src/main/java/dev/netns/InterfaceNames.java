package dev.netns;

import java.nio.charset.StandardCharsets;

/** The kernel's rules for network interface names (dev_valid_name in net/core/dev.c), checked before any request. */
public final class InterfaceNames {
    /** IFNAMSIZ - 1: the longest name, in bytes. */
    public static final int MAX_BYTES = 15;

    private InterfaceNames() {
    }

    /**
     * Returns {@code name} if the kernel would accept it as an interface name: 1 to 15 bytes,
     * not {@code "."} or {@code ".."}, no {@code '/'}, {@code ':'}, whitespace or NUL.
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
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException("interface name must be at most " + MAX_BYTES
                    + " bytes (IFNAMSIZ-1), \"" + name + "\" is " + bytes);
        }
        if (name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("interface name must not be \".\" or \"..\"");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == ':' || c == '\0' || Character.isWhitespace(c)) {
                throw new IllegalArgumentException("interface name must not contain '/', ':', whitespace or NUL: \""
                        + name.replace("\0", "\\0") + "\"");
            }
        }
        return name;
    }
}
