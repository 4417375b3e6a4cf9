package dev.netns.benchmarks.report;

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
 * Reads JMH's result files with Jackson's streaming parser into plain values: objects become
 * {@link Map}s (in document order), arrays {@link List}s, numbers {@link Double}s, and
 * {@code true}/{@code false}/{@code null} themselves. JMH writes {@code "NaN"} as a string, which
 * stays a string.
 *
 * {@snippet :
 * Map<?, ?> first = (Map<?, ?>) ((List<?>) Json.parse("[{\"score\": 1.5}]")).get(0);
 * double score = (Double) first.get("score");
 * }
 */
public final class Json {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Json() {
    }

    /** Parses one JSON value. @throws IllegalArgumentException with the offset of the first error */
    public static Object parse(String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            if (p.nextToken() == null) {
                throw new IllegalArgumentException("JSON: unexpected end of input at offset 0");
            }
            Object value = value(p);
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("JSON: unexpected text after the value at offset "
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
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IllegalArgumentException("JSON: unexpected " + t + " at offset "
                    + p.currentTokenLocation().getCharOffset());
        };
    }
}
