package dev.chorus.interfaces.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.support.BoardClient;
import dev.chorus.support.BoardClient.Reply;
import dev.chorus.support.ChorusServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.chorus.support.ChorusMembers;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The original system's own clients, replayed request for request against one real member: its Next.js front end,
 * its Node bot (with the bot credential header, the only change it needs) and its queue monitor. Chorus's own bot
 * is off here (CHORUS_BOT_ENABLED=false) while it knows the persona: the original bot serves the board, and Chorus
 * must leave its persona messages alone. Checks what each client reads from the answers.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OriginalClientsIT {
    private static final String FRONT_END_ORIGIN = "http://127.0.0.1:3000";
    private static final String PERSONA = "EmotionalIntelligence"; // 21 characters
    private static Path dir;
    /** Started by {@code start()} once the entities file exists; stopped by the extension. */
    @RegisterExtension
    static final ChorusMembers chorus = ChorusMembers.one().startedByTheTest();
    private static ChorusServer server;
    private static BoardClient client;
    private static long startCursor;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("chorus-original-clients-");
        Path entities = dir.resolve("config-aientities.json");
        Files.writeString(entities, """
                {"version": "1.0", "queueSettings": {"maxRetries": 3},
                 "lmStudioServers": [{"name": "none", "ip": "127.0.0.1", "port": 9, "enabled": true}],
                 "entities": [{"id": "emotional-intelligence", "username": "EmotionalIntelligence",
                   "baseModel": "emotional-intelligence", "defaultQuantization": "q8_0",
                   "quantizations": {"q8_0": {"modelPath": "emotional-intelligence@q8_0", "enabled": true}},
                   "systemPrompt": "You are kind.", "userPrompt": "", "color": "200100050", "enabled": true}]}
                """);
        server = chorus.start(Map.of("CHORUS_BOT_ENABLED", "false", "CHORUS_ENTITIES", entities.toString(),
                "CHORUS_RATE_LIMIT_PER_MINUTE", "0")).server();
        client = server.client();
        startCursor = 0;
    }

    @AfterAll
    static void stop() throws Exception {
        if (dir != null) {
            ChorusServer.deleteRecursively(dir);
        }
    }

    private static Reply frontEndPost(JsonObject body) {
        return client.post(body, Map.of("Origin", FRONT_END_ORIGIN));
    }

    private static Map<String, String> bot() {
        return Map.of("Authorization", "Bearer " + ChorusServer.BOT_TOKEN);
    }

    private static Optional<JsonObject> byId(List<JsonObject> messages, String id) {
        return messages.stream().filter(m -> m.getString("id").equals(id)).findFirst();
    }

    @Test
    @Order(1)
    void frontEndPostsPollsPagesAndCounts() {
        long sent = System.currentTimeMillis() - 5000; // a client clock that is off: never the cursor
        Reply posted = frontEndPost(Json.createObjectBuilder().add("id", sent + "-fe0000001").add("timestamp", sent)
                .add("text", "hello from the original page").add("username", "visitor").add("color", "255100050")
                .add("domain", "127.0.0.1:3000").add("language", "en").add("message-type", "human").add("misc", "")
                .build());
        assertEquals(200, posted.status(), posted.body());
        JsonObject stored = posted.json();
        assertEquals(sent + "-fe0000001", stored.getString("id"));
        assertEquals("255100050", stored.getString("color"));
        assertEquals("127.0.0.1:3000", stored.getString("domain"));
        assertEquals("human", stored.getString("message-type"));
        assertEquals(sent, stored.getJsonNumber("clientTimestamp").longValue());
        long timestamp = stored.getJsonNumber("timestamp").longValue();
        assertTrue(timestamp > sent, "the server stamps the cursor");
        String allowOrigin = posted.header("Access-Control-Allow-Origin");
        assertTrue("*".equals(allowOrigin) || FRONT_END_ORIGIN.equals(allowOrigin), "readable cross-origin: " + allowOrigin);

        // A color from a link such as #uis=Al:FF0000 is hex.
        Reply linked = frontEndPost(Json.createObjectBuilder().add("text", "from a link").add("username", "Al")
                .add("color", "FF0000").add("message-type", "human").build());
        assertEquals(200, linked.status(), linked.body());
        assertEquals("255000000", linked.json().getString("color"));

        Reply humans = client.get("/api/comments?after=" + startCursor + "&limit=200&type=human");
        assertEquals(200, humans.status(), humans.body());
        List<JsonObject> human = humans.array().getValuesAs(JsonObject.class);
        assertTrue(byId(human, sent + "-fe0000001").isPresent());
        assertTrue(human.stream().allMatch(m -> m.getString("message-type").equals("human")));
        assertTrue(human.get(0).getJsonNumber("timestamp").longValue() >= human.get(human.size() - 1)
                .getJsonNumber("timestamp").longValue(), "newest first");
        Reply ais = client.get("/api/comments?after=" + startCursor + "&limit=200&type=AI");
        assertEquals(200, ais.status());
        assertTrue(ais.array().getValuesAs(JsonObject.class).stream().allMatch(m -> m.getString("message-type").equals("AI")));
        assertEquals(List.of(), client.get("/api/comments?after=" + timestamp + "&limit=200&type=human").array()
                .getValuesAs(JsonObject.class).stream().filter(m -> m.getString("id").equals(sent + "-fe0000001")).toList(),
                "a cursor at the message's timestamp has seen it");

        Reply totals = client.get("/api/comments?offset=0&limit=0");
        assertEquals(200, totals.status(), totals.body());
        assertEquals(0, totals.json().getJsonArray("comments").size());
        long stats = client.get("/api/stats").json().getJsonNumber("totalMessages").longValue();
        assertEquals(stats, totals.json().getJsonNumber("total").longValue());
        assertEquals(2, stats);
        assertTrue(totals.json().getBoolean("hasMore"));
    }

    @Test
    @Order(2)
    void corsPreflightFromAnotherOrigin() {
        Reply preflight = client.send(client.request("/api/comments").header("Origin", "http://localhost:3000")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertTrue(preflight.status() == 200 || preflight.status() == 204, preflight.status() + " " + preflight.body());
        String allowOrigin = preflight.header("Access-Control-Allow-Origin");
        assertTrue("*".equals(allowOrigin) || "http://localhost:3000".equals(allowOrigin), String.valueOf(allowOrigin));
        assertTrue(preflight.header("Access-Control-Allow-Methods").contains("POST"));
        assertTrue(preflight.header("Access-Control-Allow-Headers").toLowerCase().contains("content-type"));
    }

    @Test
    @Order(3)
    void originalBotFetchesWithContextRepliesUnderALongPersonaNameAndPatches() throws Exception {
        Reply asked = frontEndPost(Json.createObjectBuilder().add("id", "fe-ask-1").add("timestamp", System.currentTimeMillis())
                .add("text", "how do I stay calm?").add("username", "visitor").add("color", "255100050")
                .add("domain", "127.0.0.1:3000").add("language", "en").add("message-type", "human").add("misc", "")
                .add("context", Json.createArrayBuilder().add("visitor: I had a rough day").add("friend: oh no"))
                .add("botParams", Json.createObjectBuilder().add("entity", "emotional-intelligence").add("priority", 5))
                .build());
        assertEquals(200, asked.status(), asked.body());
        JsonObject answeredAtPost = asked.json().getJsonObject("botParams");
        Reply unknown = frontEndPost(Json.createObjectBuilder().add("id", "fe-ask-2").add("text", "hello?")
                .add("username", "visitor").add("botParams", Json.createObjectBuilder().add("entity", "no-such-persona"))
                .build());
        assertEquals(200, unknown.status(), unknown.body());
        // Chorus's bot is off: nothing may touch either message meanwhile. With no bot there is no tick to count
        // either, so a bounded wait is the only way to show that nothing happens.
        Thread.sleep(2500);

        Reply fetched = client.get("/api/comments?limit=100&domain=all&sort=timestamp&order=desc");
        assertEquals(200, fetched.status(), fetched.body());
        List<JsonObject> list = fetched.json().getJsonArray("comments").getValuesAs(JsonObject.class);
        JsonObject message = byId(list, "fe-ask-1").orElseThrow();
        assertEquals(List.of("visitor: I had a rough day", "friend: oh no"), message.getJsonArray("context")
                .getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList(),
                "the original bot builds its prompt from message.context");
        for (String id : List.of("fe-ask-1", "fe-ask-2")) {
            JsonObject params = byId(list, id).orElseThrow().getJsonObject("botParams");
            assertFalse(params.getBoolean("processed"), params.toString());
            assertEquals("pending", params.getString("status"), params.toString());
            assertEquals(0, params.getInt("attempts"));
            assertNull(params.get("lastError"), "a bot that is off, or lacks the persona, writes nothing");
        }
        assertEquals(answeredAtPost, message.getJsonObject("botParams"), "the POST answered what is stored");

        Reply reply = client.post(Json.createObjectBuilder().add("text", "Breathe slowly; name what you feel.")
                .add("username", PERSONA).add("color", "200100050").add("domain", "127.0.0.1:3000")
                .add("language", "en").add("message-type", "AI").add("misc", "").build(), bot());
        assertEquals(200, reply.status(), reply.body());
        assertEquals(PERSONA, reply.json().getString("username"), "the whole 21-character persona name");
        assertEquals(401, client.post(Json.createObjectBuilder().add("text", "x").add("username", PERSONA)
                .add("message-type", "AI").build()).status(), "AI needs the bot credential");
        assertEquals("username", frontEndPost(Json.createObjectBuilder().add("text", "x").add("username", PERSONA)
                .build()).json().getString("field"), "humans keep the 16-character rule");

        Reply patched = client.send(client.request("/api/comments/fe-ask-1").header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + ChorusServer.BOT_TOKEN)
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"botParams\":{\"processed\":true}}")));
        assertEquals(200, patched.status(), patched.body());
        JsonObject done = patched.json().getJsonObject("botParams");
        assertTrue(done.getBoolean("processed"));
        assertEquals("complete", done.getString("status"));
        assertNull(done.get("lastError"));

        List<JsonObject> ai = client.get("/api/comments?after=" + startCursor + "&limit=200&type=AI").array()
                .getValuesAs(JsonObject.class);
        assertEquals(List.of(PERSONA), ai.stream().map(m -> m.getString("username")).toList());
        JsonObject again = byId(client.get("/api/comments?limit=100&domain=all&sort=timestamp&order=desc").json()
                .getJsonArray("comments").getValuesAs(JsonObject.class), "fe-ask-1").orElseThrow();
        assertTrue(again.getJsonObject("botParams").getBoolean("processed"), "the next fetch skips it");
    }

    @Test
    @Order(4)
    void queueMonitorListsWithACacheBuster() {
        Reply monitor = client.get("/api/comments?limit=100&t=" + System.currentTimeMillis());
        assertEquals(200, monitor.status(), monitor.body());
        JsonObject page = monitor.json();
        List<JsonObject> comments = page.getJsonArray("comments").getValuesAs(JsonObject.class);
        assertEquals(page.getJsonNumber("total").longValue(), comments.size());
        assertFalse(page.getBoolean("hasMore"));
        JsonObject unknown = byId(comments, "fe-ask-2").orElseThrow();
        assertEquals("pending", unknown.getJsonObject("botParams").getString("status"));
        assertEquals("no-such-persona", unknown.getJsonObject("botParams").getString("entity"));
        assertNotEquals(0, comments.stream().filter(m -> m.containsKey("botParams")).count());
    }

    @Test
    @Order(5)
    void openApiDocumentsEveryEndpointAndThePollingParameters() {
        Reply openapi = client.get("/openapi");
        assertEquals(200, openapi.status(), openapi.body());
        String document = openapi.body();
        for (String expected : List.of("/api/comments", "/api/comments/{id}", "/api/stats", "/api/import",
                "/api/bot/queue", "/api/stream", "name: after", "name: since", "name: uss", "name: offset",
                "name: limit", "name: type", "name: search")) {
            assertTrue(document.contains(expected), "the OpenAPI document names " + expected);
        }
    }
}
