package dev.chorus.infrastructure.personas;

import dev.chorus.domain.persona.Persona;
import dev.chorus.infrastructure.personas.EntitiesLoadProblem.Severity;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
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
 * else 50), {@code rateLimits{minSecondsBetweenPosts, maxPostsPerMinute, maxPostsPerHour}}, {@code drafts}
 * ({@code live}, {@code writing} or {@code afterReasoning}: {@link dev.chorus.domain.persona.DraftText}; default
 * {@code writing} when the prompts mention {@code [SKIP]}, else {@code live}). Numbers may also be
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
 *
 * <p>This class reads the file's frame (layout, {@code queueSettings}, duplicate ids); {@link PersonaEntry} reads
 * one entity, {@link LlmServersSection} the servers, {@link JsonFields} a JSON object's typed fields.
 */
public final class EntitiesFileReader {
    private static final Logger LOG = Logger.getLogger(EntitiesFileReader.class.getName());

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
        List<LlmServerRef> servers = List.of();
        if (top != null) {
            JsonValue qs = top.get("queueSettings");
            if (qs != null && qs.getValueType() == JsonValue.ValueType.OBJECT) {
                JsonFields q = new JsonFields(qs.asJsonObject(), "queueSettings", null, problems);
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
            servers = LlmServersSection.read(top, problems);
        }

        List<Persona> entities = new ArrayList<>();
        Map<String, String> entryHashes = new HashMap<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < entityArray.size(); i++) {
            String location = "entities[" + i + "]";
            JsonValue v = entityArray.get(i);
            if (v.getValueType() != JsonValue.ValueType.OBJECT) {
                problems.add(new EntitiesLoadProblem(Severity.ERROR, location, null, "not an object; skipped"));
                continue;
            }
            Persona entity = PersonaEntry.read(v.asJsonObject(), location, fallbackPriority, problems);
            if (entity == null) {
                continue;
            }
            if (!ids.add(entity.id())) {
                problems.add(new EntitiesLoadProblem(Severity.ERROR, location, entity.id(),
                        "duplicate id (an earlier entry has it); skipped"));
                continue;
            }
            entities.add(entity);
            entryHashes.put(entity.id(), sha256(v.toString().getBytes(StandardCharsets.UTF_8)));
        }
        for (EntitiesLoadProblem p : problems) {
            LOG.log(p.isError() ? Level.WARNING : Level.INFO, "Entities file {0}: {1}", new Object[]{source, p});
        }
        return new PersonaCatalogSnapshot(entities, servers, maxRetries, problems, source, sha256(bytes),
                entryHashes, clock.instant());
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
