package dev.netns.witness;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tools' JSON output (iproute2's {@code -j}, behind {@link Ip}; JMH's result files) read with
 * Jackson's streaming parser into plain values: objects become {@link Map}s in document order,
 * arrays {@link List}s, integers {@code Long}s, other numbers {@code Double}s, strings, booleans,
 * and JSON {@code null} Java {@code null}.
 *
 * {@snippet :
 * Map<?, ?> first = (Map<?, ?>) ((List<?>) Json.parse("[{\"ifindex\": 1}]")).get(0);
 * long index = (Long) first.get("ifindex");
 * }
 */
public final class Json {
    private static final JsonFactory LENIENT = new JsonFactory();
    private static final JsonFactory STRICT = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private Json() {
    }

    /**
     * Parses one JSON value that makes up the whole text (white space around it allowed); of a key
     * repeated in one object the last value counts.
     *
     * @throws IllegalArgumentException naming the offset of the first error and what was expected there
     */
    public static Object parse(String text) {
        return parse(LENIENT, text);
    }

    /**
     * As {@link #parse}, and an object that repeats a key is an error (for files no tool should write
     * that way, such as JMH's results).
     *
     * @throws IllegalArgumentException naming the offset of the first error, a repeated key included
     */
    public static Object parseStrict(String text) {
        return parse(STRICT, text);
    }

    private static Object parse(JsonFactory factory, String text) {
        try (JsonParser p = factory.createParser(text)) {
            if (p.nextToken() == null) {
                throw new IllegalArgumentException("JSON: end of input where a value was expected, at offset 0");
            }
            Object value = value(p);
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("JSON: text after the value at offset "
                        + p.currentTokenLocation().getCharOffset());
            }
            return value;
        } catch (JsonProcessingException e) {
            long offset = e.getLocation() == null ? -1 : e.getLocation().getCharOffset();
            throw new IllegalArgumentException("JSON: " + e.getOriginalMessage() + " at offset " + offset, e);
        } catch (IOException e) {
            throw new IllegalArgumentException("JSON: " + e.getMessage(), e);
        }
    }

    /** The value starting at the parser's current token. */
    private static Object value(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        return switch (t) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    p.nextToken();
                    map.put(key, value(p));
                }
                yield map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(p));
                }
                yield list;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IllegalArgumentException("JSON: unexpected " + t + " at offset "
                    + p.currentTokenLocation().getCharOffset());
        };
    }
}
