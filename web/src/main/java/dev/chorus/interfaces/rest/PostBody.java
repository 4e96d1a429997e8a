package dev.chorus.interfaces.rest;

import dev.chorus.domain.BotParams;
import dev.chorus.domain.Color;
import dev.chorus.domain.InputRules;
import dev.chorus.domain.InvalidMessageException;
import dev.chorus.domain.Message;
import dev.chorus.domain.MessageId;
import dev.chorus.domain.MessageType;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a POST body into a message draft, checking each field's JSON type; the domain checks the values.
 * Server-managed fields (timestamp, processed, status, ...) are never taken from the client.
 */
final class PostBody {
    /** The largest time a JavaScript Date can hold (ms): a client timestamp beyond it is not a time. */
    static final long MAX_CLIENT_TIMESTAMP = 8_640_000_000_000_000L;

    private PostBody() {
    }

    static Message toDraft(JsonObject body, String originHost, long now) {
        String id = token(body, "id");
        JsonValue sentTimestamp = body.get("timestamp");
        Long clientTimestamp = sentTimestamp instanceof JsonNumber number
                ? integer(number, "timestamp", 0, MAX_CLIENT_TIMESTAMP, "timestamp must be a time in milliseconds") : null;
        String color = token(body, "color");
        String domain = token(body, "domain");
        String type = token(body, "message-type");
        return new Message(
                id == null ? MessageId.generate(now) : new MessageId(id),
                requiredText(body),
                0,
                clientTimestamp,
                InputRules.name("username", string(body, "username", "username")),
                color == null ? Color.randomBright() : Color.parse(color),
                domain == null ? originHost : domain,
                token(body, "language"),
                type == null ? MessageType.HUMAN : MessageType.fromWire(type),
                InputRules.text("misc", string(body, "misc", "misc")),
                context(body),
                botParams(body),
                token(body, "replyTo"));
    }

    private static String requiredText(JsonObject body) {
        String text = string(body, "text", "text");
        if (text == null) {
            throw new InvalidMessageException("text", "text is required");
        }
        return InputRules.visibleText("text", text);
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
            lines.add(InputRules.text("context", text.getString()));
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
                InputRules.token("botParams.entity", string(params, "entity", "botParams.entity")),
                priority(params),
                InputRules.token("botParams.model", string(params, "model", "botParams.model")),
                InputRules.name("botParams.ais", string(params, "ais", "botParams.ais")),
                nom(params));
    }

    private static Integer priority(JsonObject params) {
        JsonValue value = params.get("priority");
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (value instanceof JsonNumber number) {
            return (int) integer(number, "botParams.priority", 0, 99, "botParams.priority must be an integer 0-99");
        }
        if (value instanceof JsonString text && text.getString().matches("\\d{1,2}")) {
            return Integer.parseInt(text.getString());
        }
        throw new InvalidMessageException("botParams.priority", "botParams.priority must be an integer 0-99");
    }

    private static String nom(JsonObject params) {
        JsonValue value = params.get("nom");
        if (value instanceof JsonNumber number) {
            return String.valueOf(integer(number, "botParams.nom", 0, Integer.MAX_VALUE,
                    "botParams.nom must be a number of context lines or ALL"));
        }
        return InputRules.token("botParams.nom", string(params, "nom", "botParams.nom"));
    }

    /**
     * An integer within [min, max]; anything else (a fraction, 1e30, 4294967296 where an int is meant) is a 400
     * naming the field: never wrapped, never rounded. Compared as BigDecimal first, so 1e999999999 costs nothing.
     */
    static long integer(JsonNumber number, String field, long min, long max, String rule) {
        BigDecimal value = number.bigDecimalValue();
        boolean integral = value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
        if (!integral || value.compareTo(BigDecimal.valueOf(min)) < 0 || value.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new InvalidMessageException(field, rule);
        }
        return value.longValueExact();
    }

    private static String token(JsonObject object, String name) {
        return InputRules.token(name, string(object, name, name));
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
