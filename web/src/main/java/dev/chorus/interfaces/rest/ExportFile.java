package dev.chorus.interfaces.rest;

import dev.chorus.application.migration.ImportItem;
import dev.chorus.domain.BotParams;
import dev.chorus.domain.InvalidMessageException;
import dev.chorus.domain.Message;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the original's export file, {@code {"source", "exportDate", "totalComments", "api", "comments": [...]}}
 * (a bare array of messages is accepted too), into import items. Each entry is read like a POST body
 * ({@link PostBody}: the same field rules, {@code rgb()} and hex colors converted, persona names up to
 * {@value Message#MAX_PERSONA_USERNAME} on AI messages, the original timestamp kept as {@code clientTimestamp}),
 * plus what a post may not set: the bot bookkeeping the original recorded ({@code processed}, {@code replyId},
 * {@code attempts}), see {@link BotParams#imported}. An entry that is not valid becomes a skipped item with the
 * reason; the file as a whole is refused only when it is not one of the two shapes.
 */
final class ExportFile {
    private ExportFile() {
    }

    static List<ImportItem> read(JsonValue file) {
        JsonArray comments;
        if (file instanceof JsonArray array) {
            comments = array;
        } else if (file instanceof JsonObject object && object.get("comments") instanceof JsonArray array) {
            comments = array;
        } else {
            throw new InvalidMessageException("comments",
                    "an export file is {\"comments\": [...]} (as the original's export script writes) or an array");
        }
        List<ImportItem> items = new ArrayList<>(comments.size());
        for (int i = 0; i < comments.size(); i++) {
            items.add(entry(i, comments.get(i)));
        }
        return items;
    }

    private static ImportItem entry(int index, JsonValue value) {
        if (!(value instanceof JsonObject json)) {
            return ImportItem.skipped(index, null, "not a JSON object");
        }
        String id = json.get("id") instanceof JsonString text ? text.getString() : null;
        if (id == null) {
            return ImportItem.skipped(index, null, "no id (the import is idempotent on id)");
        }
        if (!(json.get("timestamp") instanceof JsonNumber)) {
            return ImportItem.skipped(index, id, "no numeric timestamp (the original order is kept by it)");
        }
        try {
            Message draft = PostBody.toDraft(json, "unknown", System.currentTimeMillis());
            return ImportItem.of(index, draft.namesPersona() ? draft.withBotParams(bookkeeping(draft, json)) : draft);
        } catch (InvalidMessageException e) {
            return ImportItem.skipped(index, id, e.getMessage());
        }
    }

    private static BotParams bookkeeping(Message draft, JsonObject json) {
        JsonObject file = json.getJsonObject("botParams");
        boolean answered = file.get("processed") == JsonValue.TRUE;
        Integer attempts = file.get("attempts") instanceof JsonNumber n && n.isIntegral() && n.intValue() >= 0
                ? n.intValue() : null;
        String replyId = file.get("replyId") instanceof JsonString s && s.getString().length() <= 64 ? s.getString() : null;
        return draft.botParams().imported(answered, attempts, replyId);
    }
}
