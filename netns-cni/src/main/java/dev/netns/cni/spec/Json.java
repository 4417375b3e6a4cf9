package dev.netns.cni.spec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON for CNI documents over Jackson's streaming core (no databind: a plugin runs once per call, so
 * start-up cost matters more than convenience). Values are plain Java: {@code Map<String,Object>}
 * (insertion-ordered), {@code List<Object>}, {@code String}, {@code Long}/{@code BigInteger},
 * {@code Double}, {@code Boolean} and {@code null}.
 *
 * <p>Input is untrusted: documents are bounded in size ({@link #MAX_DOCUMENT_BYTES}), nesting depth and
 * string length; duplicate keys and trailing content are rejected. Every failure is a
 * {@link JsonDecodeException} whose message says where and what.
 */
public final class Json {
    /** The largest document read: 1 MiB (a conflist with a large prevResult is a few KiB). */
    public static final int MAX_DOCUMENT_BYTES = 1 << 20;
    private static final int MAX_DEPTH = 64;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH).maxStringLength(MAX_DOCUMENT_BYTES).maxNumberLength(64).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Json() {
    }

    /** Reads at most {@link #MAX_DOCUMENT_BYTES} from {@code in}; more is a decode failure. */
    public static byte[] readBounded(InputStream in) throws IOException, JsonDecodeException {
        byte[] bytes = in.readNBytes(MAX_DOCUMENT_BYTES + 1);
        if (bytes.length > MAX_DOCUMENT_BYTES) {
            throw new JsonDecodeException("document larger than " + MAX_DOCUMENT_BYTES + " bytes");
        }
        return bytes;
    }

    /** Parses one JSON value; the whole input must be that value (whitespace around it allowed). */
    public static Object parse(byte[] bytes) throws JsonDecodeException {
        if (bytes.length > MAX_DOCUMENT_BYTES) {
            throw new JsonDecodeException("document larger than " + MAX_DOCUMENT_BYTES + " bytes");
        }
        try (JsonParser p = FACTORY.createParser(bytes)) {
            if (p.nextToken() == null) {
                throw new JsonDecodeException("empty document");
            }
            Object value = read(p);
            if (p.nextToken() != null) {
                throw new JsonDecodeException("trailing content after the JSON value at offset "
                        + p.currentTokenLocation().getByteOffset());
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new JsonDecodeException(e.getOriginalMessage() + " at offset " + location(e));
        } catch (IOException e) {
            throw new JsonDecodeException(e.getMessage());
        }
    }

    /** Parses a document whose root must be an object. */
    public static JsonObject parseObject(byte[] bytes) throws JsonDecodeException {
        Object value = parse(bytes);
        if (value instanceof Map<?, ?> map) {
            return JsonObject.of(cast(map), "");
        }
        throw new JsonDecodeException("expected a JSON object, got " + JsonObject.typeName(value));
    }

    private static long location(JsonProcessingException e) {
        return e.getLocation() == null ? -1 : e.getLocation().getByteOffset();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    private static Object read(JsonParser p) throws IOException, JsonDecodeException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    p.nextToken();
                    map.put(key, read(p));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(read(p));
                }
                return list;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : p.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDoubleValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new JsonDecodeException("unexpected token " + t);
        }
    }

    /** Compact UTF-8 JSON of a value made of maps, lists, strings, numbers, booleans and nulls. */
    public static byte[] write(Object value) {
        return write(value, false);
    }

    /** As {@link #write(Object)}, indented for people (what plugins print is read by people too). */
    public static byte[] writePretty(Object value) {
        return write(value, true);
    }

    private static byte[] write(Object value, boolean pretty) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            if (pretty) {
                g.useDefaultPrettyPrinter();
            }
            write(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * One value. An {@code instanceof} chain, not a pattern {@code switch}: a pattern switch is a
     * call site the JVM bootstraps on first use, and the plugin's AOT cache does not link those
     * ahead of time (its lambdas it does), so every plugin process bootstrapped it for its result.
     */
    private static void write(JsonGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof JsonObject o) {
            write(g, o.asMap());
        } else if (value instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof List<?> list) {
            g.writeStartArray();
            for (Object o : list) {
                write(g, o);
            }
            g.writeEndArray();
        } else if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Integer i) {
            g.writeNumber(i);
        } else if (value instanceof Long l) {
            g.writeNumber(l);
        } else if (value instanceof BigInteger b) {
            g.writeNumber(b);
        } else if (value instanceof BigDecimal b) {
            g.writeNumber(b);
        } else if (value instanceof Double d) {
            g.writeNumber(d);
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }
}
