package dev.chorus.application.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * {@link Settings} as the application sees them with no environment: the defaults in the application's own
 * META-INF/microprofile-config.properties (the one place they are written), plus the overrides a test gives.
 */
public final class TestSettings {
    public static final String DEFAULTS = "META-INF/microprofile-config.properties";

    private TestSettings() {
    }

    /** The shipped defaults, key to value. */
    public static Map<String, String> defaultValues() {
        Properties properties = new Properties();
        try (InputStream in = TestSettings.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS + " is not on the class path");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> values = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key)));
        return values;
    }

    public static Settings defaults() {
        return with(Map.of());
    }

    /** The defaults with {@code overrides} on top (as environment variables would be). */
    public static Settings with(Map<String, String> overrides) {
        Map<String, String> values = defaultValues();
        values.putAll(overrides);
        return new Settings(key -> Optional.ofNullable(values.get(key)));
    }
}
