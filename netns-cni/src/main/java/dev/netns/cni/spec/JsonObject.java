package dev.netns.cni.spec;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A read-only view of a JSON object with typed accessors. Absent keys and JSON {@code null} read as
 * absent; a present value of the wrong type is a {@link JsonDecodeException} naming its path. Unknown
 * keys are simply never asked for (the spec lets plugins ignore them).
 */
public final class JsonObject {
    private final Map<String, Object> map;
    private final String path;

    private JsonObject(Map<String, Object> map, String path) {
        this.map = map;
        this.path = path;
    }

    static JsonObject of(Map<String, Object> map, String path) {
        return new JsonObject(map, path);
    }

    /** A view of {@code map} (not copied). */
    public static JsonObject of(Map<String, Object> map) {
        return new JsonObject(map, "");
    }

    /** The underlying map, unmodifiable. */
    public Map<String, Object> asMap() {
        return Collections.unmodifiableMap(map);
    }

    /** A modifiable deep-enough copy: the top level may be changed without touching this object. */
    public Map<String, Object> copy() {
        return new LinkedHashMap<>(map);
    }

    public boolean has(String key) {
        return map.get(key) != null;
    }

    /** The raw value, or empty when absent or null. */
    public Optional<Object> raw(String key) {
        return Optional.ofNullable(map.get(key));
    }

    public Optional<String> string(String key) throws JsonDecodeException {
        Object v = map.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof String s) {
            return Optional.of(s);
        }
        throw wrongType(key, "a string", v);
    }

    public String requireString(String key) throws JsonDecodeException {
        return string(key).orElseThrow(() -> new JsonDecodeException(where(key) + ": required string is missing"));
    }

    public boolean bool(String key, boolean absent) throws JsonDecodeException {
        Object v = map.get(key);
        if (v == null) {
            return absent;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw wrongType(key, "true or false", v);
    }

    /** An integer field that must fit an {@code int}. */
    public OptionalInt integer(String key) throws JsonDecodeException {
        Object v = map.get(key);
        if (v == null) {
            return OptionalInt.empty();
        }
        if (v instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
            return OptionalInt.of(l.intValue());
        }
        if (v instanceof Long || v instanceof BigInteger) {
            throw new JsonDecodeException(where(key) + ": " + v + " is out of range");
        }
        throw wrongType(key, "an integer", v);
    }

    public Optional<JsonObject> object(String key) throws JsonDecodeException {
        Object v = map.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Map<?, ?> m) {
            return Optional.of(new JsonObject(Json.cast(m), where(key)));
        }
        throw wrongType(key, "an object", v);
    }

    /** The list under {@code key} (empty when absent), each element a raw value. */
    public List<Object> list(String key) throws JsonDecodeException {
        Object v = map.get(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return Collections.unmodifiableList(l);
        }
        throw wrongType(key, "a list", v);
    }

    /** The list under {@code key}, each element required to be an object. */
    public List<JsonObject> objects(String key) throws JsonDecodeException {
        List<Object> raw = list(key);
        List<JsonObject> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            out.add(element(where(key) + "[" + i + "]", raw.get(i)));
        }
        return out;
    }

    /** The list under {@code key}, each element required to be a string. */
    public List<String> strings(String key) throws JsonDecodeException {
        List<Object> raw = list(key);
        List<String> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            if (!(raw.get(i) instanceof String s)) {
                throw new JsonDecodeException(where(key) + "[" + i + "]: expected a string, got " + typeName(raw.get(i)));
            }
            out.add(s);
        }
        return out;
    }

    /** {@code value} as an object, {@code at} naming it in errors. */
    public static JsonObject element(String at, Object value) throws JsonDecodeException {
        if (value instanceof Map<?, ?> m) {
            return new JsonObject(Json.cast(m), at);
        }
        throw new JsonDecodeException(at + ": expected an object, got " + typeName(value));
    }

    /** The path of {@code key} in the document, for messages. */
    public String where(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The path of this object in its document ("" for the root). */
    public String path() {
        return path;
    }

    private JsonDecodeException wrongType(String key, String expected, Object v) {
        return new JsonDecodeException(where(key) + ": expected " + expected + ", got " + typeName(v));
    }

    static String typeName(Object v) {
        return switch (v) {
            case null -> "null";
            case String s -> "a string";
            case Boolean b -> "a boolean";
            case Number n -> "a number";
            case List<?> l -> "a list";
            case Map<?, ?> m -> "an object";
            default -> v.getClass().getSimpleName();
        };
    }

    @Override
    public String toString() {
        return new String(Json.write(map), java.nio.charset.StandardCharsets.UTF_8);
    }
}
