package dev.chorus.interfaces.rest;

import dev.chorus.domain.InvalidMessageException;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.ws.rs.WebApplicationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Reads a request body of at most 64 KiB as exactly one JSON object; larger is a 413, anything else a 400 that
 * says what is wrong: not UTF-8 (strictly decoded: no silent U+FFFD), not JSON, not an object, content after
 * the object, nesting deeper than {@value #MAX_DEPTH} levels, a number longer than {@value #MAX_NUMBER_CHARS}
 * characters. Parsed with a streaming parser and an explicit depth count, so no input can cost more than one
 * pass over 64 KiB (no deep recursion, no huge BigDecimal, no stack trace in the log).
 */
final class BoundedJson {
    static final int MAX_BODY_BYTES = 64 * 1024;
    static final int MAX_DEPTH = 8;
    static final int MAX_NUMBER_CHARS = 24;
    private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());

    private BoundedJson() {
    }

    static JsonObject readObject(InputStream body) {
        byte[] bytes;
        try {
            bytes = body.readNBytes(MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new WebApplicationException("Body larger than 64 KiB", 413);
        }
        return parse(bytes);
    }

    static JsonObject parse(byte[] bytes) {
        String text = utf8(bytes);
        try (JsonParser parser = PARSERS.createParser(new StringReader(text))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw new InvalidMessageException(null, "body must be a JSON object");
            }
            JsonObject object = object(parser, 1, null);
            boolean trailing;
            try {
                trailing = parser.hasNext();
            } catch (JsonException e) {
                trailing = true;
            }
            if (trailing) {
                throw new InvalidMessageException(null, "body must be one JSON object with nothing after it");
            }
            return object;
        } catch (JsonException e) {
            throw new InvalidMessageException(null, "body is not valid JSON");
        }
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidMessageException("body", "body is not valid UTF-8");
        }
    }

    private static JsonObject object(JsonParser parser, int depth, String path) {
        JsonObjectBuilder object = JsonSupport.BUILDERS.createObjectBuilder();
        while (true) {
            JsonParser.Event event = parser.next();
            if (event == JsonParser.Event.END_OBJECT) {
                return object.build();
            }
            String key = parser.getString(); // KEY_NAME
            String field = path == null ? key : path + "." + key;
            object.add(key, value(parser, parser.next(), depth, field));
        }
    }

    private static JsonValue value(JsonParser parser, JsonParser.Event event, int depth, String field) {
        return switch (event) {
            case START_OBJECT -> object(parser, deeper(depth, field), field);
            case START_ARRAY -> array(parser, deeper(depth, field), field);
            case VALUE_STRING -> JsonSupport.PROVIDER.createValue(parser.getString());
            case VALUE_NUMBER -> number(parser, field);
            case VALUE_TRUE -> JsonValue.TRUE;
            case VALUE_FALSE -> JsonValue.FALSE;
            case VALUE_NULL -> JsonValue.NULL;
            default -> throw new InvalidMessageException(null, "body is not valid JSON");
        };
    }

    private static JsonValue array(JsonParser parser, int depth, String field) {
        JsonArrayBuilder array = JsonSupport.BUILDERS.createArrayBuilder();
        for (JsonParser.Event event = parser.next(); event != JsonParser.Event.END_ARRAY; event = parser.next()) {
            array.add(value(parser, event, depth, field));
        }
        return array.build();
    }

    private static int deeper(int depth, String field) {
        if (depth + 1 > MAX_DEPTH) {
            throw new InvalidMessageException(field, "JSON nested deeper than " + MAX_DEPTH + " levels (at " + field + ")");
        }
        return depth + 1;
    }

    private static JsonValue number(JsonParser parser, String field) {
        String digits = parser.getString();
        if (digits.length() > MAX_NUMBER_CHARS) {
            throw new InvalidMessageException(field, field + " is a number longer than " + MAX_NUMBER_CHARS + " characters");
        }
        return JsonSupport.PROVIDER.createValue(parser.getBigDecimal());
    }
}
