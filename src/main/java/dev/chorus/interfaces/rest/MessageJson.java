package dev.chorus.interfaces.rest;

import dev.chorus.domain.BotParams;
import dev.chorus.domain.Message;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.List;

/** Messages as the wire shows them: field names of the original (hyphenated {@code message-type}), absent when null. */
final class MessageJson {
    private MessageJson() {
    }

    static JsonArray array(List<Message> messages) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        messages.forEach(message -> array.add(object(message)));
        return array.build();
    }

    static JsonObject object(Message m) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("id", m.id().value())
                .add("text", m.text())
                .add("timestamp", m.timestamp());
        optional(json, "username", m.username());
        json.add("color", m.color().digits())
                .add("domain", m.domain())
                .add("language", m.language())
                .add("message-type", m.type().wireName());
        optional(json, "misc", m.misc());
        if (m.clientTimestamp() != null) {
            json.add("clientTimestamp", m.clientTimestamp());
        }
        if (m.context() != null) {
            JsonArrayBuilder lines = Json.createArrayBuilder();
            m.context().forEach(lines::add);
            json.add("context", lines);
        }
        if (m.botParams() != null) {
            json.add("botParams", botParams(m.botParams()));
        }
        optional(json, "replyTo", m.replyTo());
        return json.build();
    }

    private static JsonObject botParams(BotParams p) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        optional(json, "entity", p.entity());
        if (p.priority() != null) {
            json.add("priority", p.priority());
        }
        optional(json, "model", p.model());
        optional(json, "ais", p.ais());
        optional(json, "nom", p.nom());
        if (p.processed() != null) {
            json.add("processed", p.processed());
        }
        if (p.status() != null) {
            json.add("status", p.status().wireName());
        }
        if (p.attempts() != null) {
            json.add("attempts", p.attempts());
        }
        optional(json, "replyId", p.replyId());
        optional(json, "lastError", p.lastError());
        return json.build();
    }

    private static void optional(JsonObjectBuilder json, String name, String value) {
        if (value != null) {
            json.add(name, value);
        }
    }
}
