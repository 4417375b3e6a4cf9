package dev.netns.linux.pod;

import java.util.regex.Pattern;

/**
 * The CNI specification's rule for container ids, which pod ids in a state directory follow: the id
 * is written into host-local's files and matched after trimming, so it must be plain.
 */
final class PodIds {
    private static final Pattern CNI_ID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.\\-]*");

    private PodIds() {
    }

    static String check(String id) {
        if (id == null || !CNI_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("pod id must start with a letter or digit and contain only letters, digits,"
                    + " '_', '.' and '-' (the CNI specification's rule for container ids): \"" + id + "\"");
        }
        return id;
    }
}
