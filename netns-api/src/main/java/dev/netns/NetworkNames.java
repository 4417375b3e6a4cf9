package dev.netns;

import java.util.regex.Pattern;

/**
 * The CNI specification's rules for network names and container ids (one letter or digit, then
 * letters, digits, {@code _ . -}), which also make them safe as file names in a state directory.
 */
final class NetworkNames {
    private static final Pattern CNI_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.\\-]*");
    /** NAME_MAX: a network name is a directory name. */
    private static final int MAX_LENGTH = 255;

    private NetworkNames() {
    }

    static String checkNetwork(String name) {
        return check("network name", name);
    }

    static String checkPodId(String id) {
        return check("pod id", id);
    }

    private static String check(String what, String value) {
        if (value == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(what + " must be at most " + MAX_LENGTH + " characters, is " + value.length());
        }
        if (!CNI_NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must start with a letter or digit and contain only letters, digits, '_', '.'"
                    + " and '-' (the CNI specification's rule): \"" + value + "\"");
        }
        return value;
    }
}
