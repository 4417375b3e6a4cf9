package dev.netns;

/**
 * The CNI specification's rules for network names and container ids (one letter or digit, then
 * letters, digits, {@code _ . -}), which also make them safe as file names in a state directory.
 */
final class NetworkNames {
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
        if (!isCniName(value)) {
            throw new IllegalArgumentException(what + " must start with a letter or digit and contain only letters, digits, '_', '.'"
                    + " and '-' (the CNI specification's rule): \"" + value + "\"");
        }
        return value;
    }

    /** {@code [a-zA-Z0-9][a-zA-Z0-9_.-]*}, as a loop: no regular expression compiled before the first pod. */
    private static boolean isCniName(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean alnum = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
            if (!alnum && (i == 0 || c != '_' && c != '.' && c != '-')) {
                return false;
            }
        }
        return true;
    }
}
