package dev.chorus.application.config;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;

/**
 * The one way Chorus reads a setting: by key, parsed and checked here. Every key with a default has it in
 * {@code META-INF/microprofile-config.properties} and nowhere else (not in an annotation, not in code); an
 * environment variable overrides it (MicroProfile Config maps {@code chorus.post.timeout-seconds} to
 * {@code CHORUS_POST_TIMEOUT_SECONDS}). A settings bean reads all its keys when it is created, at deployment, so
 * an unusable value stops the start with an {@link InvalidSettingException} naming the key and the value,
 * instead of failing the first request that needs it.
 */
@Dependent
public class Settings {
    private static final List<String> TRUE = List.of("true", "1", "yes", "y", "on");
    private static final List<String> FALSE = List.of("false", "0", "no", "n", "off");

    private final Function<String, Optional<String>> lookup;

    @Inject
    Settings(Config config) {
        this(key -> config.getOptionalValue(key, String.class));
    }

    /** Settings over any lookup (key to raw value); the application's comes from MicroProfile Config. */
    public Settings(Function<String, Optional<String>> lookup) {
        this.lookup = lookup;
    }

    /** {@code chorus.post.timeout-seconds} is {@code CHORUS_POST_TIMEOUT_SECONDS} in the environment. */
    public static String environmentVariable(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /** The trimmed value, or empty when the key is unset or blank (a key that is optional by design). */
    public Optional<String> optional(String key) {
        return lookup.apply(key).map(String::trim).filter(value -> !value.isEmpty());
    }

    /** A key that has a default: its value. */
    public String text(String key) {
        return optional(key).orElseThrow(() -> new IllegalStateException(key + " (" + environmentVariable(key)
                + ") has no value: give it one, or leave the variable unset for the default in "
                + "META-INF/microprofile-config.properties"));
    }

    /** A comma-separated list; unset or blank: empty. */
    public List<String> list(String key) {
        return optional(key).map(value -> Arrays.stream(value.split(",")).map(String::trim)
                .filter(item -> !item.isEmpty()).toList()).orElse(List.of());
    }

    /** A whole number of at least {@code min}. */
    public int intAtLeast(String key, int min) {
        return wholeNumber(key, text(key), min);
    }

    /** An optional whole number of at least {@code min}; unset: empty. */
    public Optional<Integer> optionalIntAtLeast(String key, int min) {
        return optional(key).map(value -> wholeNumber(key, value, min));
    }

    /** {@code true}/{@code false} (also {@code yes}/{@code no}, {@code on}/{@code off}, {@code 1}/{@code 0}). */
    public boolean flag(String key) {
        String value = text(key);
        String lower = value.toLowerCase(Locale.ROOT);
        if (TRUE.contains(lower)) {
            return true;
        }
        if (FALSE.contains(lower)) {
            return false;
        }
        throw new InvalidSettingException(key, value, "true or false");
    }

    /**
     * A value with its own syntax: {@code parser} returns the parsed value or throws
     * {@link IllegalArgumentException}, which becomes an {@link InvalidSettingException} saying {@code expected}.
     */
    public <T> T parsed(String key, String expected, Function<String, T> parser) {
        return convert(key, text(key), expected, parser);
    }

    /** {@link #parsed} for a key that is optional by design; unset or blank: empty. */
    public <T> Optional<T> optionalParsed(String key, String expected, Function<String, T> parser) {
        return optional(key).map(value -> convert(key, value, expected, parser));
    }

    private static <T> T convert(String key, String value, String expected, Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(key, value, expected);
        }
    }

    private static int wholeNumber(String key, String value, int min) {
        String expected = "a whole number of at least " + min;
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // refused below, with the key
        }
        throw new InvalidSettingException(key, value, expected);
    }
}
