package dev.netns.cni.spec;

/**
 * A document is not valid JSON, or a field has the wrong type or value. The message names the field's
 * path ({@code ipam.ranges[0][0].subnet}) and the rule broken. A plugin answers it with the spec's error
 * code 6 ("failed to decode content").
 */
public final class JsonDecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    public JsonDecodeException(String message) {
        super(message);
    }
}
