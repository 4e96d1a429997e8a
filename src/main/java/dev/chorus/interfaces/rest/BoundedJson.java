package dev.chorus.interfaces.rest;

import dev.chorus.domain.InvalidMessageException;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.ws.rs.WebApplicationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads a request body of at most 64 KiB as one JSON object; larger is a 413, malformed a 400. */
final class BoundedJson {
    static final int MAX_BODY_BYTES = 64 * 1024;

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
        try (JsonReader reader = JsonSupport.READERS.createReader(new ByteArrayInputStream(bytes))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new InvalidMessageException(null, "body must be a JSON object");
            }
            return value.asJsonObject();
        } catch (JsonException e) {
            throw new InvalidMessageException(null, "body is not valid JSON");
        }
    }
}
