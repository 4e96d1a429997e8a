package dev.chorus.infrastructure.personas;

import dev.chorus.domain.persona.Persona;
import dev.chorus.domain.persona.InvalidPersonaException;
import dev.chorus.domain.persona.RateLimits;
import dev.chorus.domain.persona.SamplingParams;
import dev.chorus.infrastructure.personas.EntitiesLoadProblem.Severity;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads the personas file with JSON-P.
 *
 * <h2>Layouts</h2>
 * One reader for both, since the Chorus format is the original's with a few additions:
 * <ul>
 *   <li><b>Original</b> {@code config-aientities.json}, unchanged: top-level {@code entities[]},
 *       {@code lmStudioServers[]} ({@code ip}, {@code port} (default 1234), {@code enabled}, {@code name}; each
 *       becomes {@code http://ip:port/v1}), {@code queueSettings} ({@code maxRetries}, {@code defaultPriority});
 *       other top-level keys ({@code botSettings}, {@code clusterSettings}, ...) and unknown entity keys
 *       ({@code responseChance}, ...) are ignored.</li>
 *   <li><b>Chorus</b>: the same, plus an entity may name its model directly with {@code model}, servers may be
 *       listed as {@code llmServers[]} of base-URL strings (or objects with {@code url}, {@code name},
 *       {@code enabled}), and the file may be a bare array of entities.</li>
 * </ul>
 *
 * <h2>Persona fields</h2>
 * {@code id}, {@code enabled} (default true), {@code username}, {@code color} (nine digits), the model (below),
 * {@code systemRole} (default {@code system}), {@code systemPrompt}, {@code userPrompt}, {@code temperature},
 * {@code maxTokens}, {@code topP}, {@code topK}, {@code repeatPenalty}, {@code minP} (snake_case aliases
 * {@code max_tokens}, {@code top_p}, {@code top_k}, {@code repeat_penalty}, {@code min_p} are accepted;
 * {@code maxTokens} of 0 or less means "unset", as LM Studio's -1 does), {@code filterOut[]}, {@code trimAfter[]},
 * {@code trimWhitespace} (default true), {@code addNewlineToContext}, {@code addEntityUsername} (default false),
 * {@code nom} (a number, or {@code "ALL"} = all), {@code defaultPriority} (default {@code queueSettings.defaultPriority},
 * else 50), {@code rateLimits{minSecondsBetweenPosts, maxPostsPerMinute, maxPostsPerHour}}. Numbers may also be
 * given as numeric strings, booleans as {@code "true"}/{@code "false"}.
 *
 * <h2>Model name rule</h2>
 * <ol>
 *   <li>{@code model}, when present and not blank;</li>
 *   <li>else, with a non-empty {@code quantizations} object: the entry named by {@code defaultQuantization} if it
 *       exists and is not {@code enabled:false}, else (warning) the first enabled entry in file order; the name is
 *       that entry's {@code modelPath}, or {@code baseModel@<quantization>} when it has none (LM Studio's way of
 *       naming one quantization of a model). No enabled entry: the entity is skipped;</li>
 *   <li>else {@code baseModel};</li>
 *   <li>else the entity is skipped.</li>
 * </ol>
 *
 * <h2>Escaped newlines</h2>
 * The original file writes newlines in prompts and in {@code trimAfter} double-escaped ({@code "\\n"} in JSON, a
 * backslash and an {@code n} once parsed), and its authors plainly meant line breaks (paragraph breaks after
 * prompts; {@code trimAfter: ["\\n"]} to keep one line). So in {@code systemPrompt}, {@code userPrompt},
 * {@code filterOut} and {@code trimAfter} the two characters backslash-{@code n} are read as a newline.
 *
 * <h2>Errors</h2>
 * An entry that breaks a rule (wrong type, bad color, no model, duplicate id, ...) is skipped and reported as an
 * {@link Severity#ERROR} naming its index and id; questionable but usable values are {@link Severity#WARNING}s
 * (e.g. a username longer than the board's 32 characters for a persona). Problems are also logged. Only a file that cannot be used
 * at all raises {@link EntitiesFileException}.
 */
public final class EntitiesFileReader {
    private static final Logger LOG = Logger.getLogger(EntitiesFileReader.class.getName());
    private static final int DEFAULT_LM_STUDIO_PORT = 1234;

    private final Clock clock;

    public EntitiesFileReader() {
        this(Clock.systemUTC());
    }

    public EntitiesFileReader(Clock clock) {
        this.clock = clock;
    }

    /** Reads and parses {@code file}. */
    public PersonaCatalogSnapshot read(Path file) throws EntitiesFileException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new EntitiesFileException("cannot read entities file " + file + ": " + e, e);
        }
        return parse(bytes, file.toString());
    }

    /** Parses JSON text; {@code source} names it in problems and logs. */
    public PersonaCatalogSnapshot parse(String json, String source) throws EntitiesFileException {
        return parse(json.getBytes(StandardCharsets.UTF_8), source);
    }

    /** Parses the file's bytes (UTF-8 JSON); {@code source} names it in problems and logs. */
    public PersonaCatalogSnapshot parse(byte[] bytes, String source) throws EntitiesFileException {
        JsonStructure root;
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(bytes))) {
            root = reader.read();
        } catch (JsonException | IllegalStateException e) {
            throw new EntitiesFileException("entities file " + source + " is not valid JSON: " + e.getMessage(), e);
        }
        List<EntitiesLoadProblem> problems = new ArrayList<>();
        JsonArray entityArray;
        JsonObject top = null;
        if (root.getValueType() == JsonValue.ValueType.ARRAY) {
            entityArray = root.asJsonArray();
        } else {
            top = root.asJsonObject();
            JsonValue e = top.get("entities");
            if (e == null || e.getValueType() != JsonValue.ValueType.ARRAY) {
                throw new EntitiesFileException("entities file " + source + " has no \"entities\" array");
            }
            entityArray = e.asJsonArray();
        }

        Integer maxRetries = null;
        int fallbackPriority = Persona.DEFAULT_PRIORITY;
        List<LlmServerRef> servers = new ArrayList<>();
        if (top != null) {
            JsonValue qs = top.get("queueSettings");
            if (qs != null && qs.getValueType() == JsonValue.ValueType.OBJECT) {
                Fields q = new Fields(qs.asJsonObject(), "queueSettings", null, problems);
                maxRetries = q.integer("maxRetries");
                if (maxRetries != null && maxRetries < 0) {
                    q.warn("queueSettings.maxRetries must not be negative; ignored");
                    maxRetries = null;
                }
                Integer p = q.integer("defaultPriority");
                if (p != null && p >= 0 && p <= 99) {
                    fallbackPriority = p;
                } else if (p != null) {
                    q.warn("queueSettings.defaultPriority must be 0-99; ignored");
                }
                q.downgradeErrorsToWarnings();
            } else if (qs != null && qs.getValueType() != JsonValue.ValueType.NULL) {
                problems.add(new EntitiesLoadProblem(Severity.WARNING, "queueSettings", null, "not an object; ignored"));
            }
            readServers(top, servers, problems);
        }

        List<Persona> entities = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < entityArray.size(); i++) {
            String location = "entities[" + i + "]";
            JsonValue v = entityArray.get(i);
            if (v.getValueType() != JsonValue.ValueType.OBJECT) {
                problems.add(new EntitiesLoadProblem(Severity.ERROR, location, null, "not an object; skipped"));
                continue;
            }
            Persona entity = readEntity(v.asJsonObject(), location, fallbackPriority, problems);
            if (entity == null) {
                continue;
            }
            if (!ids.add(entity.id())) {
                problems.add(new EntitiesLoadProblem(Severity.ERROR, location, entity.id(),
                        "duplicate id (an earlier entry has it); skipped"));
                continue;
            }
            entities.add(entity);
        }
        for (EntitiesLoadProblem p : problems) {
            LOG.log(p.isError() ? Level.WARNING : Level.INFO, "Entities file {0}: {1}", new Object[]{source, p});
        }
        return new PersonaCatalogSnapshot(entities, servers, maxRetries, problems, source, sha256(bytes),
                clock.instant());
    }

    private Persona readEntity(JsonObject o, String location, int fallbackPriority, List<EntitiesLoadProblem> problems) {
        String rawId = o.get("id") instanceof JsonString s ? s.getString().trim() : null;
        Fields f = new Fields(o, location, rawId, problems);
        String id = f.string("id");
        if (id == null) {
            f.error("id is required");
        }
        String model = modelName(f);
        Persona.Builder b = Persona.builder(id)
                .enabled(f.bool("enabled", true))
                .username(f.string("username"))
                .color(f.string("color"))
                .model(model)
                .systemRole(f.string("systemRole"))
                .systemPrompt(unescapeNewlines(f.string("systemPrompt")))
                .userPrompt(unescapeNewlines(f.string("userPrompt")))
                .filterOut(f.strings("filterOut"))
                .trimAfter(f.strings("trimAfter"))
                .trimWhitespace(f.bool("trimWhitespace", true))
                .addNewlineToContext(f.bool("addNewlineToContext", false))
                .addEntityUsername(f.bool("addEntityUsername", false))
                .nom(f.nom("nom"));
        Integer priority = f.integer("defaultPriority");
        b.defaultPriority(priority == null ? fallbackPriority : priority);
        Integer maxTokens = f.integer("maxTokens", "max_tokens");
        if (maxTokens != null && maxTokens <= 0) {
            maxTokens = null;
        }
        SamplingParams sampling = null;
        RateLimits limits = null;
        try {
            sampling = new SamplingParams(f.number("temperature"), maxTokens, f.number("topP", "top_p"),
                    f.integer("topK", "top_k"), f.number("repeatPenalty", "repeat_penalty"), f.number("minP", "min_p"));
            b.sampling(sampling);
        } catch (InvalidPersonaException e) {
            f.error(e.getMessage());
        }
        JsonValue rl = o.get("rateLimits");
        if (rl != null && rl.getValueType() == JsonValue.ValueType.OBJECT) {
            Fields r = new Fields(rl.asJsonObject(), location, rawId, problems);
            r.prefix = "rateLimits.";
            try {
                limits = new RateLimits(r.integer("minSecondsBetweenPosts"), r.integer("maxPostsPerMinute"),
                        r.integer("maxPostsPerHour"));
                b.rateLimits(limits);
            } catch (InvalidPersonaException e) {
                f.error(e.getMessage());
            }
            if (r.failed) {
                f.failed = true;
            }
        } else if (rl != null && rl.getValueType() != JsonValue.ValueType.NULL) {
            f.error("rateLimits must be an object");
        }
        if (f.failed) {
            return null;
        }
        Persona entity;
        try {
            entity = b.build();
        } catch (InvalidPersonaException e) {
            f.error(e.getMessage());
            return null;
        }
        if (!entity.fitsBoardUsername()) {
            f.warn("username \"" + entity.username() + "\" is longer than the board's " + Persona.MAX_BOARD_USERNAME
                    + " characters for a persona; replies are posted under its first " + Persona.MAX_BOARD_USERNAME);
        }
        return entity;
    }

    /** The model name rule, see the class comment. */
    private static String modelName(Fields f) {
        String model = f.string("model");
        if (model != null && !model.isBlank()) {
            return model;
        }
        String baseModel = f.string("baseModel");
        JsonValue qv = f.object.get("quantizations");
        if (qv != null && qv.getValueType() == JsonValue.ValueType.OBJECT && !qv.asJsonObject().isEmpty()) {
            JsonObject quants = qv.asJsonObject();
            String wanted = f.string("defaultQuantization");
            if (wanted != null && quantEnabled(quants.get(wanted))) {
                return quantModel(quants.get(wanted).asJsonObject(), baseModel, wanted, f);
            }
            for (Map.Entry<String, JsonValue> q : quants.entrySet()) {
                if (quantEnabled(q.getValue())) {
                    f.warn("defaultQuantization " + (wanted == null ? "is not set" : "\"" + wanted + "\" is missing or disabled")
                            + "; using quantization \"" + q.getKey() + "\"");
                    return quantModel(q.getValue().asJsonObject(), baseModel, q.getKey(), f);
                }
            }
            f.error("no enabled quantization to take the model name from");
            return null;
        }
        if (baseModel != null && !baseModel.isBlank()) {
            return baseModel;
        }
        f.error("no model: give model, quantizations with defaultQuantization, or baseModel");
        return null;
    }

    private static boolean quantEnabled(JsonValue q) {
        if (q == null || q.getValueType() != JsonValue.ValueType.OBJECT) {
            return false;
        }
        JsonValue enabled = q.asJsonObject().get("enabled");
        return enabled == null || enabled.getValueType() != JsonValue.ValueType.FALSE;
    }

    private static String quantModel(JsonObject quant, String baseModel, String quantName, Fields f) {
        JsonValue path = quant.get("modelPath");
        if (path instanceof JsonString s && !s.getString().isBlank()) {
            return s.getString().trim();
        }
        if (baseModel != null && !baseModel.isBlank()) {
            return baseModel.trim() + "@" + quantName;
        }
        f.error("quantization \"" + quantName + "\" has no modelPath and there is no baseModel");
        return null;
    }

    private static void readServers(JsonObject top, List<LlmServerRef> servers, List<EntitiesLoadProblem> problems) {
        JsonValue lm = top.get("lmStudioServers");
        if (lm != null && lm.getValueType() == JsonValue.ValueType.ARRAY) {
            JsonArray arr = lm.asJsonArray();
            for (int i = 0; i < arr.size(); i++) {
                String location = "lmStudioServers[" + i + "]";
                if (arr.get(i).getValueType() != JsonValue.ValueType.OBJECT) {
                    problems.add(new EntitiesLoadProblem(Severity.WARNING, location, null, "not an object; ignored"));
                    continue;
                }
                Fields s = new Fields(arr.get(i).asJsonObject(), location, null, problems);
                boolean enabled = s.bool("enabled", true);
                String ip = s.string("ip", "host");
                Integer port = s.integer("port");
                String name = s.string("name");
                String url = s.string("url", "baseUrl");
                s.downgradeErrorsToWarnings();
                if (!enabled) {
                    continue;
                }
                URI uri = url != null ? baseUrl(url) : ip == null ? null
                        : baseUrl(hostPort(ip, port == null ? DEFAULT_LM_STUDIO_PORT : port) + "/v1");
                if (uri == null) {
                    problems.add(new EntitiesLoadProblem(Severity.WARNING, location, null,
                            "needs ip (and port) or url; ignored"));
                } else {
                    addServer(servers, new LlmServerRef(name, uri));
                }
            }
        } else if (lm != null && lm.getValueType() != JsonValue.ValueType.NULL) {
            problems.add(new EntitiesLoadProblem(Severity.WARNING, "lmStudioServers", null, "not an array; ignored"));
        }
        JsonValue ls = top.get("llmServers");
        if (ls != null && ls.getValueType() == JsonValue.ValueType.ARRAY) {
            JsonArray arr = ls.asJsonArray();
            for (int i = 0; i < arr.size(); i++) {
                String location = "llmServers[" + i + "]";
                JsonValue v = arr.get(i);
                String url = null;
                String name = null;
                boolean enabled = true;
                if (v instanceof JsonString s) {
                    url = s.getString();
                } else if (v.getValueType() == JsonValue.ValueType.OBJECT) {
                    Fields s = new Fields(v.asJsonObject(), location, null, problems);
                    url = s.string("url", "baseUrl");
                    name = s.string("name");
                    enabled = s.bool("enabled", true);
                    s.downgradeErrorsToWarnings();
                }
                if (!enabled) {
                    continue;
                }
                URI uri = url == null ? null : baseUrl(url);
                if (uri == null) {
                    problems.add(new EntitiesLoadProblem(Severity.WARNING, location, null,
                            "not an http(s) base URL; ignored"));
                } else {
                    addServer(servers, new LlmServerRef(name, uri));
                }
            }
        } else if (ls != null && ls.getValueType() != JsonValue.ValueType.NULL) {
            problems.add(new EntitiesLoadProblem(Severity.WARNING, "llmServers", null, "not an array; ignored"));
        }
    }

    private static void addServer(List<LlmServerRef> servers, LlmServerRef ref) {
        if (servers.stream().noneMatch(s -> s.baseUrl().equals(ref.baseUrl()))) {
            servers.add(ref);
        }
    }

    private static String hostPort(String ip, int port) {
        String host = ip.trim();
        if (host.startsWith("http://") || host.startsWith("https://")) {
            return host.replaceAll("/+$", "");
        }
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + port;
    }

    /** An http(s) URL without trailing slashes, or {@code null}. */
    static URI baseUrl(String text) {
        String t = text.trim().replaceAll("/+$", "");
        try {
            URI uri = new URI(t);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                return null;
            }
            if (uri.getPort() > 65535) {
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** The two characters backslash and {@code n} become a newline (see the class comment). */
    static String unescapeNewlines(String text) {
        return text == null ? null : text.replace("\\n", "\n");
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Typed access to one JSON object's fields, recording problems against one location. */
    private static final class Fields {
        final JsonObject object;
        final String location;
        final String id;
        final List<EntitiesLoadProblem> problems;
        final int firstProblem;
        String prefix = "";
        boolean failed;

        Fields(JsonObject object, String location, String id, List<EntitiesLoadProblem> problems) {
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
    }
}
