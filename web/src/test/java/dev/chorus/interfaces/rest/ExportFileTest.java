package dev.chorus.interfaces.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.application.migration.ImportItem;
import dev.chorus.domain.BotParams;
import dev.chorus.domain.BotStatus;
import dev.chorus.domain.InvalidMessageException;
import dev.chorus.domain.Message;
import dev.chorus.domain.MessageType;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading the original's export file: each entry like a POST body plus the original's bot bookkeeping. */
class ExportFileTest {

    private static List<ImportItem> read(String json) {
        try (var reader = Json.createReader(new StringReader(json))) {
            return ExportFile.read(reader.readValue());
        }
    }

    private static String file(String... comments) {
        return "{\"source\":\"s\",\"exportDate\":\"2026-11-30\",\"totalComments\":" + comments.length
                + ",\"api\":\"a\",\"comments\":[" + String.join(",", comments) + "]}";
    }

    @Test
    void aHumanMessageKeepsItsFieldsWithTheOriginalTimestampAsClientTimestampAndRgbConverted() {
        Message m = read(file("{\"id\":\"1700000000000-abcdefghi\",\"timestamp\":1700000000000,\"text\":\"hi\","
                + "\"username\":\"ann\",\"color\":\"rgb(255, 100, 50)\",\"domain\":\"saywhatwant.app\","
                + "\"language\":\"en\",\"message-type\":\"human\",\"misc\":\"\"}")).get(0).message();
        assertEquals("1700000000000-abcdefghi", m.id().value());
        assertEquals(1700000000000L, m.clientTimestamp());
        assertEquals(0, m.timestamp(), "the server stamps it when it is stored");
        assertEquals("255100050", m.color().digits());
        assertEquals("saywhatwant.app", m.domain());
        assertEquals("", m.misc());
    }

    @Test
    void personaMessagesAreNeverAnsweredAgainAndKeepTheirContext() {
        List<ImportItem> items = read(file(
                "{\"id\":\"a\",\"timestamp\":1,\"text\":\"q\",\"context\":[\"x: y\"],"
                        + "\"botParams\":{\"entity\":\"poet\",\"priority\":3,\"processed\":true,\"replyId\":\"a-r-poet\"}}",
                "{\"id\":\"b\",\"timestamp\":2,\"text\":\"q\",\"botParams\":{\"entity\":\"poet\",\"processed\":false,"
                        + "\"status\":\"pending\",\"lastError\":\"boom\"}}"));
        Message answered = items.get(0).message();
        assertEquals(List.of("x: y"), answered.context());
        assertEquals(new BotParams("poet", 3, null, null, null, true, BotStatus.COMPLETE, null, "a-r-poet", null),
                answered.botParams());
        BotParams unanswered = items.get(1).message().botParams();
        assertTrue(unanswered.processed());
        assertEquals(BotStatus.COMPLETE, unanswered.status());
        assertEquals(BotParams.IMPORTED_UNANSWERED, unanswered.lastError());
    }

    @Test
    void personaNamesFollowTheRuleLongForRepliesSixteenForHumans() {
        List<ImportItem> items = read(file(
                "{\"id\":\"r\",\"timestamp\":1,\"text\":\"a\",\"username\":\"EmotionalIntelligence\",\"message-type\":\"AI\"}",
                "{\"id\":\"h\",\"timestamp\":2,\"text\":\"a\",\"username\":\"EmotionalIntelligence\"}"));
        assertEquals("EmotionalIntelligence", items.get(0).message().username());
        assertEquals(MessageType.AI, items.get(0).message().type());
        assertNull(items.get(1).message());
        assertTrue(items.get(1).problem().contains("username"), items.get(1).problem());
        assertEquals("h", items.get(1).id());
    }

    @Test
    void entriesThatCannotBeImportedSayWhy() {
        List<ImportItem> items = read(file("{\"timestamp\":1,\"text\":\"no id\"}", "{\"id\":\"t\",\"text\":\"no ts\"}",
                "{\"id\":\"c\",\"timestamp\":3,\"text\":\"x\",\"color\":\"red\"}", "\"not an object\"",
                "{\"id\":\"bad id!\",\"timestamp\":4,\"text\":\"x\"}", "{\"id\":\"e\",\"timestamp\":5,\"text\":\"  \"}"));
        assertEquals(6, items.size());
        assertTrue(items.stream().allMatch(i -> i.message() == null && !i.problem().isBlank()), items.toString());
        assertTrue(items.get(0).problem().startsWith("no id"));
        assertTrue(items.get(1).problem().contains("timestamp"));
        assertTrue(items.get(2).problem().contains("color"));
        assertEquals("not a JSON object", items.get(3).problem());
        assertTrue(items.get(4).problem().contains("id"));
        assertTrue(items.get(5).problem().contains("text"));
        assertEquals(List.of(0, 1, 2, 3, 4, 5), items.stream().map(ImportItem::index).toList());
    }

    @Test
    void aBareArrayIsAcceptedAndAnythingElseRefused() {
        assertEquals(1, read("[{\"id\":\"a\",\"timestamp\":1,\"text\":\"x\"}]").size());
        InvalidMessageException refused = assertThrows(InvalidMessageException.class,
                () -> ExportFile.read(Json.createObjectBuilder().add("messages", 1).build()));
        assertEquals("comments", refused.field());
        assertThrows(InvalidMessageException.class, () -> ExportFile.read(JsonValue.TRUE));
    }
}
