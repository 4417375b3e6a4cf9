package dev.netns.witness;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * iproute2's {@code -j} output read with Jackson's streaming parser, behind {@link Ip}: objects
 * become {@link Map}s in document order, arrays {@link List}s, integers {@code Long}s, other numbers
 * {@code Double}s, strings, booleans, and JSON {@code null} Java {@code null}. {@link Ip#json} hands
 * the parsed form to callers.
 */
final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {
    }

    /**
     * Parses one JSON value that makes up the whole text (white space around it allowed).
     *
     * @throws IllegalArgumentException naming the offset of the first error and what was expected there
     */
    static Object parse(String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
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
