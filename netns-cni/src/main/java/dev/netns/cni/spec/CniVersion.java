package dev.netns.cni.spec;

import java.util.List;

/**
 * CNI specification versions ({@code MAJOR.MINOR.PATCH}) and what each allows: {@code CHECK} from
 * 0.4.0, {@code GC} and {@code STATUS} from 1.1.0, the IP {@code version} field before 1.0.0.
 */
public final class CniVersion {
    /** The versions the netns-bridge plugin speaks, oldest first. */
    public static final List<String> PLUGIN_SUPPORTED = List.of("0.3.1", "0.4.0", "1.0.0", "1.1.0");
    /** The newest version this library knows. */
    public static final String LATEST = "1.1.0";

    private CniVersion() {
    }

    /** Compares two versions numerically ("0.10.0" &gt; "0.4.0"). */
    public static int compare(String a, String b) {
        int[] x = parts(a);
        int[] y = parts(b);
        for (int i = 0; i < 3; i++) {
            int c = Integer.compare(x[i], y[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** True when {@code version} is {@code minimum} or newer. */
    public static boolean atLeast(String version, String minimum) {
        return compare(version, minimum) >= 0;
    }

    /** True when {@code text} is a version of the form N.N.N. */
    public static boolean isValid(String text) {
        try {
            parts(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int[] parts(String v) {
        String[] s = v.split("\\.", -1);
        if (s.length < 1 || s.length > 3) {
            throw new IllegalArgumentException("not a CNI version (MAJOR.MINOR.PATCH): \"" + v + "\"");
        }
        int[] out = new int[3];
        for (int i = 0; i < s.length; i++) {
            if (s[i].isEmpty() || s[i].length() > 6 || !s[i].chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("not a CNI version (MAJOR.MINOR.PATCH): \"" + v + "\"");
            }
            out[i] = Integer.parseInt(s[i]);
        }
        return out;
    }
}
