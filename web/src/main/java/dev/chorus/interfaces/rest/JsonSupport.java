package dev.chorus.interfaces.rest;

import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonReaderFactory;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGeneratorFactory;
import java.io.StringWriter;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Shared JSON-P factories. {@code Json.createObjectBuilder()} and friends look the provider up through the
 * service loader on every call, which cost more than the rest of a poll together: build once, reuse everywhere.
 */
final class JsonSupport {
    /**
     * For values ({@code createValue}): {@code Json.createValue} looks the provider up on every call too — by a
     * flight recording of durable posts, 60% of the comments resource's time went to the class loader's resource
     * lookups for the values of each post's body.
     */
    static final JsonProvider PROVIDER = JsonProvider.provider();
    static final JsonBuilderFactory BUILDERS = Json.createBuilderFactory(Map.of());
    static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());
    private static final JsonGeneratorFactory GENERATORS = Json.createGeneratorFactory(Map.of());

    private JsonSupport() {
    }

    /** Writes a document with a streaming generator and returns its text. */
    static String write(Consumer<JsonGenerator> document) {
        StringWriter out = new StringWriter(1024);
        try (JsonGenerator generator = GENERATORS.createGenerator(out)) {
            document.accept(generator);
        }
        return out.toString();
    }
}
