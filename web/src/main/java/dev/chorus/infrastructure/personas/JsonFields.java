package dev.chorus.infrastructure.personas;

import dev.chorus.infrastructure.personas.EntitiesLoadProblem.Severity;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Typed access to one JSON object's fields, recording problems against one location. */
final class JsonFields {
    final JsonObject object;
    final String location;
    final String id;
    final List<EntitiesLoadProblem> problems;
    final int firstProblem;
    String prefix = "";
    boolean failed;

    JsonFields(JsonObject object, String location, String id, List<EntitiesLoadProblem> problems) {
        this.object = object;
        this.location = location;
        this.id = id == null || id.isEmpty() ? null : id;
        this.problems = problems;
        this.firstProblem = problems.size();
    }

    void error(String message) {
        failed = true;
        problems.add(new EntitiesLoadProblem(Severity.ERROR, location, id, message + "; skipped"));
    }

    void warn(String message) {
        problems.add(new EntitiesLoadProblem(Severity.WARNING, location, id, message));
    }

    /** For settings objects, where a bad value is ignored rather than the whole file section. */
    void downgradeErrorsToWarnings() {
        for (int i = firstProblem; i < problems.size(); i++) {
            EntitiesLoadProblem p = problems.get(i);
            if (p.isError()) {
                problems.set(i, new EntitiesLoadProblem(Severity.WARNING, p.location(), p.entityId(),
                        p.message().replace("; skipped", "; ignored")));
            }
        }
        failed = false;
    }

    private JsonValue value(String... names) {
        for (String n : names) {
            JsonValue v = object.get(n);
            if (v != null && v.getValueType() != JsonValue.ValueType.NULL) {
                return v;
            }
        }
        return null;
    }

    private String name(String... names) {
        return prefix + names[0];
    }

    String string(String... names) {
        JsonValue v = value(names);
        if (v == null) {
            return null;
        }
        if (v instanceof JsonString s) {
            return s.getString();
        }
        if (v instanceof JsonNumber n) {
            return n.toString();
        }
        error(name(names) + " must be a string");
        return null;
    }

    boolean bool(String name, boolean fallback) {
        JsonValue v = value(name);
        if (v == null) {
            return fallback;
        }
        if (v.getValueType() == JsonValue.ValueType.TRUE) {
            return true;
        }
        if (v.getValueType() == JsonValue.ValueType.FALSE) {
            return false;
        }
        if (v instanceof JsonString s && (s.getString().equalsIgnoreCase("true") || s.getString().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s.getString());
        }
        error(name(name) + " must be true or false");
        return fallback;
    }

    Double number(String... names) {
        BigDecimal d = decimal(names);
        return d == null ? null : d.doubleValue();
    }

    Integer integer(String... names) {
        BigDecimal d = decimal(names);
        if (d == null) {
            return null;
        }
        try {
            return d.stripTrailingZeros().intValueExact();
        } catch (ArithmeticException e) {
            error(name(names) + " must be a whole number");
            return null;
        }
    }

    private BigDecimal decimal(String... names) {
        JsonValue v = value(names);
        if (v == null) {
            return null;
        }
        if (v instanceof JsonNumber n) {
            return n.bigDecimalValue();
        }
        if (v instanceof JsonString s) {
            try {
                return new BigDecimal(s.getString().trim());
            } catch (NumberFormatException e) {
                // fall through to the error
            }
        }
        error(name(names) + " must be a number");
        return null;
    }

    /** {@code nom}: a whole number, or "ALL" (= null, all lines). */
    Integer nom(String name) {
        JsonValue v = value(name);
        if (v instanceof JsonString s && s.getString().trim().equalsIgnoreCase("ALL")) {
            return null;
        }
        return integer(name);
    }

    /** An array of strings, newline escapes undone; empty strings are dropped with a warning. */
    List<String> strings(String name) {
        JsonValue v = value(name);
        if (v == null) {
            return List.of();
        }
        if (v instanceof JsonString s) {
            v = Json.createArrayBuilder().add(s).build();
        }
        if (v.getValueType() != JsonValue.ValueType.ARRAY) {
            error(name(name) + " must be an array of strings");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (JsonValue item : v.asJsonArray()) {
            if (!(item instanceof JsonString s)) {
                error(name(name) + " must be an array of strings");
                return List.of();
            }
            if (s.getString().isEmpty()) {
                warn(name(name) + " has an empty string; dropped");
                continue;
            }
            out.add(unescapeNewlines(s.getString()));
        }
        return out;
    }

    /** The two characters backslash and {@code n} become a newline (see the class comment). */
    static String unescapeNewlines(String text) {
        return text == null ? null : text.replace("\\n", "\n");
    }
}
