package dev.chorus.infrastructure.personas;

import dev.chorus.domain.Message;
import dev.chorus.domain.persona.DraftText;
import dev.chorus.domain.persona.InvalidPersonaException;
import dev.chorus.domain.persona.Persona;
import dev.chorus.domain.persona.RateLimits;
import dev.chorus.domain.persona.SamplingParams;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;

/**
 * One entry of the entities file's {@code entities[]} as a {@link Persona}: the fields and the model name rule of
 * {@link EntitiesFileReader}'s class comment. An entry that breaks a rule is reported as an error and gives
 * {@code null}.
 */
final class PersonaEntry {

    private PersonaEntry() {
    }

    static Persona read(JsonObject o, String location, int fallbackPriority, List<EntitiesLoadProblem> problems) {
        String rawId = o.get("id") instanceof JsonString s ? s.getString().trim() : null;
        JsonFields f = new JsonFields(o, location, rawId, problems);
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
                .systemPrompt(JsonFields.unescapeNewlines(f.string("systemPrompt")))
                .userPrompt(JsonFields.unescapeNewlines(f.string("userPrompt")))
                .filterOut(f.strings("filterOut"))
                .trimAfter(f.strings("trimAfter"))
                .trimWhitespace(f.bool("trimWhitespace", true))
                .addNewlineToContext(f.bool("addNewlineToContext", false))
                .addEntityUsername(f.bool("addEntityUsername", false))
                .nom(f.nom("nom"))
                .drafts(draftText(f));
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
            JsonFields r = new JsonFields(rl.asJsonObject(), location, rawId, problems);
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
            f.warn("username \"" + entity.username() + "\" is longer than the board's " + Message.MAX_PERSONA_USERNAME
                    + " characters for a persona; replies are posted under its first " + Message.MAX_PERSONA_USERNAME);
        }
        return entity;
    }

    /** {@code drafts}: a mode's name, or absent (derived from the prompts); another value is warned of and ignored. */
    private static DraftText draftText(JsonFields f) {
        String name = f.string("drafts");
        if (name == null) {
            return null;
        }
        DraftText mode = DraftText.named(name).orElse(null);
        if (mode == null) {
            f.warn("drafts \"" + name + "\" is not one of live, writing, afterReasoning; using the default");
        }
        return mode;
    }

    /** The model name rule, see the class comment. */
    private static String modelName(JsonFields f) {
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

    private static String quantModel(JsonObject quant, String baseModel, String quantName, JsonFields f) {
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
}
