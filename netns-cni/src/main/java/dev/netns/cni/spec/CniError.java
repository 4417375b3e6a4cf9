package dev.netns.cni.spec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The spec's error object, printed on stdout with a non-zero exit:
 * {@code {"cniVersion": ..., "code": 7, "msg": "...", "details": "..."}}.
 *
 * @param cniVersion the version the plugin answers in
 * @param code       a code from {@link ErrorCodes}, or 100+ for plugin-specific ones
 * @param msg        a short message
 * @param details    a longer explanation, possibly empty
 */
public record CniError(String cniVersion, int code, String msg, String details) {
    public CniError {
        if (code < 1) {
            throw new IllegalArgumentException("error code must be 1 or more, got " + code);
        }
        msg = msg == null ? "" : msg;
        details = details == null ? "" : details;
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cniVersion", cniVersion);
        m.put("code", code);
        m.put("msg", msg);
        if (!details.isEmpty()) {
            m.put("details", details);
        }
        return m;
    }

    /** Reads an error object; empty if {@code o} has no positive integer {@code code}. */
    public static Optional<CniError> fromJson(JsonObject o) {
        try {
            int code = o.integer("code").orElse(0);
            if (code < 1) {
                return Optional.empty();
            }
            return Optional.of(new CniError(o.string("cniVersion").orElse(""), code, o.string("msg").orElse(""),
                    o.string("details").orElse("")));
        } catch (JsonDecodeException e) {
            return Optional.empty();
        }
    }
}
