package dev.chorus.bot;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A generated export file of the original board, in the shape its export script writes:
 * {@code {"source", "exportDate", "totalComments", "api", "comments": [...]}}, newest first. Valid entries mix
 * human messages, human messages addressed to personas (with context, answered or not) and AI replies under long
 * persona names; colors are nine digits, {@code rgb(...)} or hex. {@link #invalid} entries are appended, each with a
 * known reason to be skipped.
 */
final class OriginalExport {
    static final String[] PERSONAS = {"EmotionalIntelligence", "CommunicationSkills", "ConflictManagement",
        "CareerAdvancement", "DystopianSurvival", "FindEnlightenment", "AliceInWonderland", "PrideAndPrejudice",
        "Stargazer", "Poet"};
    /** Entries that cannot be imported, and why (how many of each). */
    static final int NO_ID = 3;
    static final int LONG_HUMAN_NAME = 4;
    static final int BAD_COLOR = 2;
    static final int NO_TIMESTAMP = 1;

    final List<JsonObject> valid = new ArrayList<>();
    final List<JsonObject> invalid = new ArrayList<>();

    private OriginalExport() {
    }

    /** {@code count} valid messages with original timestamps from {@code firstTimestamp}, 7 ms apart. */
    static OriginalExport generate(int count, long firstTimestamp) {
        OriginalExport export = new OriginalExport();
        Random random = new Random(9);
        for (int i = 0; i < count; i++) {
            long ts = firstTimestamp + 7L * i;
            String id = ts + "-" + String.format("%09d", i).replace('0', 'a');
            JsonObjectBuilder m = Json.createObjectBuilder().add("id", id).add("timestamp", ts)
                    .add("text", "original message " + i).add("color", color(random, i))
                    .add("domain", i % 3 == 0 ? "saywhatwant.app" : "127.0.0.1:3000").add("language", "en")
                    .add("misc", "");
            switch (i % 4) {
                case 0, 1 -> m.add("username", "user" + (i % 50)).add("message-type", "human");
                case 2 -> m.add("username", "asker" + (i % 20)).add("message-type", "human")
                        .add("context", Json.createArrayBuilder().add("user1: earlier line " + i).add("user2: reply"))
                        .add("botParams", Json.createObjectBuilder().add("entity", "persona-" + (i % PERSONAS.length))
                                .add("priority", 5).add("processed", i % 8 != 2));
                default -> m.add("username", PERSONAS[i % PERSONAS.length]).add("message-type", "AI");
            }
            export.valid.add(m.build());
        }
        for (int i = 0; i < NO_ID; i++) {
            export.invalid.add(Json.createObjectBuilder().add("timestamp", firstTimestamp + i).add("text", "no id")
                    .add("color", "255000000").build());
        }
        for (int i = 0; i < LONG_HUMAN_NAME; i++) {
            export.invalid.add(Json.createObjectBuilder().add("id", "bad-name-" + i).add("timestamp", firstTimestamp + i)
                    .add("text", "long human name").add("username", "AHumanWithAVeryLongName").add("message-type", "human")
                    .build());
        }
        for (int i = 0; i < BAD_COLOR; i++) {
            export.invalid.add(Json.createObjectBuilder().add("id", "bad-color-" + i).add("timestamp", firstTimestamp + i)
                    .add("text", "bad color").add("color", "not-a-color").build());
        }
        for (int i = 0; i < NO_TIMESTAMP; i++) {
            export.invalid.add(Json.createObjectBuilder().add("id", "no-ts-" + i).add("text", "no timestamp").build());
        }
        return export;
    }

    static int invalidCount() {
        return NO_ID + LONG_HUMAN_NAME + BAD_COLOR + NO_TIMESTAMP;
    }

    /** The nine-digit color a generated entry must be stored with. */
    static String storedColor(int i) {
        int r = (i * 37) % 256;
        int g = (i * 91) % 256;
        int b = (i * 13) % 256;
        return String.format("%03d%03d%03d", r, g, b);
    }

    private static String color(Random random, int i) {
        int r = (i * 37) % 256;
        int g = (i * 91) % 256;
        int b = (i * 13) % 256;
        return switch (i % 3) {
            case 0 -> String.format("rgb(%d, %d, %d)", r, g, b);
            case 1 -> String.format("%03d%03d%03d", r, g, b);
            default -> random.nextBoolean() ? String.format("#%02X%02X%02X", r, g, b) : String.format("%02x%02x%02x", r, g, b);
        };
    }

    /** The file: valid entries newest first (as the original lists), then the invalid ones. */
    String file() {
        JsonArrayBuilder comments = Json.createArrayBuilder();
        for (int i = valid.size() - 1; i >= 0; i--) {
            comments.add(valid.get(i));
        }
        invalid.forEach(comments::add);
        return Json.createObjectBuilder().add("source", "https://saywhatwant.app/api/comments")
                .add("exportDate", "2026-11-30T12:00:00.000Z").add("totalComments", valid.size() + invalid.size())
                .add("api", "comments-worker").add("comments", comments).build().toString();
    }
}
