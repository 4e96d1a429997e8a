package dev.chorus.interfaces.rest;

import dev.chorus.domain.BotParams;
import dev.chorus.domain.Color;
import dev.chorus.domain.InvalidMessageException;
import dev.chorus.domain.Message;
import dev.chorus.domain.MessageId;
import dev.chorus.domain.MessageType;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a POST body into a message draft, checking each field's JSON type; the domain checks the values.
 * Server-managed fields (timestamp, processed, status, ...) are never taken from the client.
 */
final class PostBody {
    private PostBody() {
    }

    static Message toDraft(JsonObject body, String originHost, long now) {
        String id = string(body, "id", "id");
        JsonValue sentTimestamp = body.get("timestamp");
        Long clientTimestamp = sentTimestamp instanceof JsonNumber number ? number.longValue() : null;
        String color = string(body, "color", "color");
        String domain = string(body, "domain", "domain");
        String type = string(body, "message-type", "message-type");
        return new Message(
                id == null ? MessageId.generate(now) : new MessageId(id),
                requiredText(body),
                0,
                clientTimestamp,
                string(body, "username", "username"),
                color == null ? Color.randomBright() : Color.parse(color),
                domain == null ? originHost : domain,
                string(body, "language", "language"),
                type == null ? MessageType.HUMAN : MessageType.fromWire(type),
                string(body, "misc", "misc"),
                context(body),
                botParams(body),
                string(body, "replyTo", "replyTo"));
    }

    private static String requiredText(JsonObject body) {
        String text = string(body, "text", "text");
        if (text == null) {
            throw new InvalidMessageException("text", "text is required");
        }
        return text;
    }

    private static List<String> context(JsonObject body) {
        JsonValue value = body.get("context");
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.ARRAY) {
            throw new InvalidMessageException("context", "context must be an array of strings");
        }
        List<String> lines = new ArrayList<>();
        for (JsonValue line : value.asJsonArray()) {
            if (!(line instanceof JsonString text)) {
                throw new InvalidMessageException("context", "context must be an array of strings");
            }
            lines.add(text.getString());
        }
        if (lines.size() > Message.MAX_CONTEXT_LINES) {
            throw new InvalidMessageException("context", "context must have at most " + Message.MAX_CONTEXT_LINES + " lines");
        }
        return lines;
    }

    private static BotParams botParams(JsonObject body) {
        JsonValue value = body.get("botParams");
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new InvalidMessageException("botParams", "botParams must be an object");
        }
        JsonObject params = value.asJsonObject();
        return BotParams.request(
                string(params, "entity", "botParams.entity"),
                priority(params),
                string(params, "model", "botParams.model"),
                string(params, "ais", "botParams.ais"),
                nom(params));
    }

    private static Integer priority(JsonObject params) {
        JsonValue value = params.get("priority");
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (value instanceof JsonNumber number && number.isIntegral()) {
            return number.intValue();
        }
        if (value instanceof JsonString text && text.getString().matches("\\d{1,2}")) {
            return Integer.parseInt(text.getString());
        }
        throw new InvalidMessageException("botParams.priority", "botParams.priority must be an integer 0-99");
    }

    private static String nom(JsonObject params) {
        JsonValue value = params.get("nom");
        if (value instanceof JsonNumber number && number.isIntegral()) {
            return String.valueOf(number.longValue());
        }
        return string(params, "nom", "botParams.nom");
    }

    private static String string(JsonObject object, String name, String field) {
        JsonValue value = object.get(name);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (value instanceof JsonString text) {
            return text.getString();
        }
        throw new InvalidMessageException(field, field + " must be a string");
    }
}
