package dev.netns;

import java.nio.charset.StandardCharsets;

/** The rules for namespace names; checked before any system call so a name can never leave the run directory. */
final class NamespaceNames {
    /** NAME_MAX from limits.h: the longest file name. */
    static final int NAME_MAX = 255;

    private NamespaceNames() {
    }

    static String check(String name) {
        if (name == null) {
            throw new IllegalArgumentException("namespace name must not be null");
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("namespace name must not be empty");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("namespace name must not be \".\" or \"..\": " + name);
        }
        if (name.indexOf('/') >= 0) {
            throw new IllegalArgumentException("namespace name must not contain '/': \"" + name + "\"");
        }
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("namespace name must not contain a NUL character");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > NAME_MAX) {
            throw new IllegalArgumentException("namespace name must be at most " + NAME_MAX
                    + " bytes (NAME_MAX), is " + bytes + " bytes");
        }
        return name;
    }
}
