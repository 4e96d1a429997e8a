package dev.chorus.interfaces.rest;

import dev.chorus.domain.BotParams;
import dev.chorus.domain.Message;
import dev.chorus.domain.MessageId;
import jakarta.json.stream.JsonGenerator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Messages as the wire shows them: field names of the original (hyphenated {@code message-type}), absent when
 * null. Written with a streaming generator: polls are the hot path.
 */
public final class MessageJson {
    /**
     * Rendered text per message value. Messages are immutable and a poll sends the same recent ones to every
     * reader, so each is rendered once per change instead of once per poll. Bounded in size: at most
     * {@value #CACHE_CHARS} characters of JSON in all (about 2 bytes each), cleared when full (cheaper than LRU
     * bookkeeping on the hot path; a clear costs one re-render of the window). Messages with {@code context}
     * (only ever in a POST or PATCH answer, never in lists) are rendered without caching: they are the large ones.
     */
    static final long CACHE_CHARS = 4L * 1024 * 1024;
    private static final Map<Message, String> RENDERED = new ConcurrentHashMap<>();
    private static final AtomicLong CACHED_CHARS = new AtomicLong();

    private MessageJson() {
    }

    /** A bare JSON array of messages, in the order given. */
    public static String array(List<Message> messages) {
        StringBuilder json = new StringBuilder(messages.size() * 256 + 2).append('[');
        for (int i = 0; i < messages.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append(text(messages.get(i)));
        }
        return json.append(']').toString();
    }

    /** The {@code hidden} event's data: the id of the message an operator hid (docs/api.md). */
    public static String hidden(MessageId id) {
        return JsonSupport.write(json -> json.writeStartObject().write("id", id.value()).writeEnd());
    }

    /** One message as JSON text. */
    public static String text(Message message) {
        if (message.context() != null) {
            return JsonSupport.write(json -> write(json, message));
        }
        String rendered = RENDERED.get(message);
        if (rendered == null) {
            rendered = JsonSupport.write(json -> write(json, message));
            if (CACHED_CHARS.addAndGet(rendered.length()) > CACHE_CHARS) {
                RENDERED.clear();
                CACHED_CHARS.set(rendered.length());
            }
            RENDERED.put(message, rendered);
        }
        return rendered;
    }

    /** Writes {@code messages} as the array value of {@code name} inside an object being generated. */
    static void writeArray(JsonGenerator json, String name, List<Message> messages) {
        json.writeStartArray(name);
        messages.forEach(message -> write(json, message));
        json.writeEnd();
    }

    static void write(JsonGenerator json, Message m) {
        json.writeStartObject()
                .write("id", m.id().value())
                .write("text", m.text())
                .write("timestamp", m.timestamp());
        optional(json, "username", m.username());
        json.write("color", m.color().digits())
                .write("domain", m.domain())
                .write("language", m.language())
                .write("message-type", m.type().wireName());
        optional(json, "misc", m.misc());
        if (m.clientTimestamp() != null) {
            json.write("clientTimestamp", m.clientTimestamp());
        }
        if (m.context() != null) {
            json.writeStartArray("context");
            m.context().forEach(json::write);
            json.writeEnd();
        }
        if (m.botParams() != null) {
            botParams(json, m.botParams());
        }
        optional(json, "replyTo", m.replyTo());
        json.writeEnd();
    }

    private static void botParams(JsonGenerator json, BotParams p) {
        json.writeStartObject("botParams");
        optional(json, "entity", p.entity());
        if (p.priority() != null) {
            json.write("priority", p.priority());
        }
        optional(json, "model", p.model());
        optional(json, "ais", p.ais());
        optional(json, "nom", p.nom());
        if (p.processed() != null) {
            json.write("processed", p.processed());
        }
        if (p.status() != null) {
            json.write("status", p.status().wireName());
        }
        if (p.attempts() != null) {
            json.write("attempts", p.attempts());
        }
        optional(json, "replyId", p.replyId());
        optional(json, "lastError", p.lastError());
        json.writeEnd();
    }

    private static void optional(JsonGenerator json, String name, String value) {
        if (value != null) {
            json.write(name, value);
        }
    }
}
