package dev.chorus.bot;

import static dev.chorus.bot.BotFixtures.assertExactlyOneReplyEach;
import static dev.chorus.bot.BotFixtures.awaitSettled;
import static dev.chorus.bot.BotFixtures.message;
import static dev.chorus.bot.BotFixtures.postPersona;
import static dev.chorus.bot.BotFixtures.repliesByTarget;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.support.BoardClient;
import dev.chorus.support.ChorusServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Chorus's own bot answers every persona of a copy of the original's 32-persona file (its layout, its name lengths:
 * eight names longer than 16 characters, up to 21): one message to each, one reply each, posted under the persona's
 * whole name and color.
 */
class OriginalPersonasIT {
    static final Path FILE = Path.of("src/test/resources/entities/original-32-personas.json");

    @Test
    void everyPersonaOfTheOriginalFileAnswersUnderItsWholeName() throws Exception {
        JsonObject file;
        try (var reader = Json.createReader(new StringReader(Files.readString(FILE)))) {
            file = reader.readObject();
        }
        List<JsonObject> personas = file.getJsonArray("entities").getValuesAs(JsonObject.class);
        assertEquals(32, personas.size());
        assertEquals(8, personas.stream().filter(p -> p.getString("username").length() > 16).count());
        Path dir = Files.createTempDirectory("chorus-original-personas-");
        LlmStub stub = null;
        ChorusServer server = null;
        try {
            stub = LlmStub.start(50);
            server = ChorusServer.single(BotFixtures.env(FILE.toAbsolutePath(), stub.baseUrl().toString(),
                    Map.of("CHORUS_LLM_SLOTS_PER_SERVER", "4"))).start();
            BoardClient client = server.client();
            List<String> ids = new ArrayList<>();
            for (JsonObject persona : personas) {
                String id = "ask-" + persona.getString("id");
                postPersona(client, id, persona.getString("id"), "hello " + persona.getString("username"));
                ids.add(id);
            }
            List<JsonObject> messages = awaitSettled(client, ids, Duration.ofSeconds(90));
            assertExactlyOneReplyEach(messages, ids);
            Map<String, List<JsonObject>> replies = repliesByTarget(messages);
            for (JsonObject persona : personas) {
                String id = "ask-" + persona.getString("id");
                JsonObject asked = message(messages, id).getJsonObject("botParams");
                assertEquals("complete", asked.getString("status"), asked.toString());
                JsonObject reply = replies.get(id).get(0);
                assertEquals(persona.getString("username"), reply.getString("username"), "the whole name");
                assertEquals(persona.getString("color"), reply.getString("color"));
                assertEquals(LlmStub.REPLY, reply.getString("text"));
                assertEquals(asked.getString("replyId"), reply.getString("id"));
            }
            assertTrue(stub.completionRequests() >= 32);
        } finally {
            BotFixtures.tearDown(dir, server, stub);
        }
    }
}
