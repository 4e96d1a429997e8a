package dev.chorus.bot;

import static dev.chorus.bot.BotFixtures.assertExactlyOneReplyEach;
import static dev.chorus.bot.BotFixtures.awaitSettled;
import static dev.chorus.bot.BotFixtures.message;
import static dev.chorus.bot.BotFixtures.postPersona;
import static dev.chorus.bot.BotFixtures.repliesByTarget;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.support.BoardClient;
import dev.chorus.support.ChorusServer;
import dev.chorus.support.Ports;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.chorus.support.ChorusMembers;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Faults, each ending with no duplicate and the message complete or failed within bounded time: one of the two
 * configured servers is down (nothing listening), and per persona model the stub answers HTTP 500, slower than
 * the read timeout (2 s), malformed JSON, an empty completion, or 404 model_not_found. Two attempts each
 * (CHORUS_BOT_MAX_ATTEMPTS=2, backoff from 200 ms); lastError tells the kinds apart. Then an operator requeues a
 * failed message once the fault is gone, and it gets its one reply.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BotFaultsIT {
    private static final Map<String, String> FAULT_ERRORS = new LinkedHashMap<>();
    private static LlmStub stub;
    private static Path dir;
    /** Started by {@code start()} once the LLM stub and the entities file exist; stopped by the extension. */
    @RegisterExtension
    static final ChorusMembers chorus = ChorusMembers.one().startedByTheTest();
    private static ChorusServer server;
    private static BoardClient client;

    static {
        FAULT_ERRORS.put("e500", "500");
        FAULT_ERRORS.put("slow", "timed out");
        FAULT_ERRORS.put("bad", "malformed");
        FAULT_ERRORS.put("empty", "empty");
        FAULT_ERRORS.put("missing", "model not found");
    }

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("chorus-bot-faults-");
        stub = LlmStub.start(100);
        stub.forModel("e500-model", LlmStub.json(500, "{\"error\":\"boom\"}"));
        stub.forModel("slow-model", LlmStub.completion("too late").withFixedDelay(4000));
        stub.forModel("bad-model", LlmStub.json(200, "{\"choices\": [ not json"));
        stub.forModel("empty-model", LlmStub.completion(""));
        stub.forModel("missing-model", LlmStub.json(404, "{\"error\":{\"message\":\"model 'missing-model' not found\","
                + "\"type\":\"invalid_request_error\",\"code\":\"model_not_found\"}}"));
        Path entities = BotFixtures.entitiesFile(dir, "echo-model", "e500-model", "slow-model", "bad-model",
                "empty-model", "missing-model");
        String dead = "http://127.0.0.1:" + Ports.free() + "/v1";
        server = chorus.start(BotFixtures.env(entities, dead + "," + stub.baseUrl(), Map.of(
                "CHORUS_LLM_SLOTS_PER_SERVER", "4",
                "CHORUS_LLM_READ_TIMEOUT_SECONDS", "2",
                "CHORUS_LLM_BREAKER_FAILURES", "100",
                "CHORUS_BOT_MAX_ATTEMPTS", "2",
                "CHORUS_BOT_BACKOFF_BASE_MILLIS", "200"))).server();
        client = server.client();
    }

    @AfterAll
    static void stop() throws Exception {
        BotFixtures.tearDown(dir, stub);
    }

    @Test
    @Order(1)
    void everyFaultEndsFailedWithItsKindAndTheHealthyPathStillAnswersOnce() throws Exception {
        postPersona(client, "ok-1", "echo", "with one server down");
        for (String fault : FAULT_ERRORS.keySet()) {
            postPersona(client, "fault-" + fault, fault, "trigger " + fault);
        }
        List<String> ids = new java.util.ArrayList<>(List.of("ok-1"));
        FAULT_ERRORS.keySet().forEach(f -> ids.add("fault-" + f));
        long start = System.nanoTime();
        List<JsonObject> messages = awaitSettled(client, ids, Duration.ofSeconds(60));
        System.out.printf("BotFaultsIT: %d messages settled in %.1f s%n", ids.size(), (System.nanoTime() - start) / 1e9);

        assertEquals("complete", BotFixtures.status(message(messages, "ok-1")));
        assertExactlyOneReplyEach(messages, List.of("ok-1"));
        Map<String, List<JsonObject>> replies = repliesByTarget(messages);
        for (var fault : FAULT_ERRORS.entrySet()) {
            JsonObject bot = message(messages, "fault-" + fault.getKey()).getJsonObject("botParams");
            assertEquals("failed", bot.getString("status"), bot.toString());
            assertFalse(bot.getBoolean("processed"));
            assertEquals(2, bot.getInt("attempts"), bot.toString());
            assertTrue(bot.getString("lastError").toLowerCase().contains(fault.getValue()), bot.toString());
            assertFalse(replies.containsKey("fault-" + fault.getKey()), "no reply to a failed message");
        }
        // Failed tasks are visible to operators.
        var queue = client.send(client.request("/api/bot/queue").header("Authorization", BotFixtures.bearer()).GET());
        assertEquals(200, queue.status());
        assertEquals(FAULT_ERRORS.size(), queue.json().getJsonArray("failed").size(), queue.body());
        // No more attempts: an absence leaves no signal to wait for: a bounded wait over a few dispatcher ticks (about
        // 1 s each) is the only way to show it
        Thread.sleep(2000);
        assertEquals(2, stub.completionRequestsFor("e500-model"), "no more attempts after failing");
    }

    @Test
    @Order(2)
    void requeueAfterTheFaultIsFixedAnswersOnce() throws Exception {
        var denied = client.send(client.request("/api/bot/requeue/fault-e500").POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(401, denied.status());
        stub.forModel("e500-model", LlmStub.completion("fixed now"));
        var requeued = client.send(client.request("/api/bot/requeue/fault-e500")
                .header("Authorization", BotFixtures.bearer()).POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, requeued.status(), requeued.body());
        List<JsonObject> messages = BotFixtures.awaitState(client, List.of("fault-e500"), Duration.ofSeconds(30),
                m -> BotFixtures.status(m).equals("complete"));
        assertExactlyOneReplyEach(messages, List.of("fault-e500"));
        assertEquals("fixed now", repliesByTarget(messages).get("fault-e500").get(0).getString("text"));
    }

    @Test
    @Order(3)
    void anOutsideBotsPatchOfAFailedMessageClearsTheFailure() throws Exception {
        String fault = FAULT_ERRORS.keySet().stream().filter(f -> !f.equals("e500")).findFirst().orElseThrow();
        var patched = client.patchProcessed("fault-" + fault, true, dev.chorus.support.ChorusServer.BOT_TOKEN);
        assertEquals(200, patched.status(), patched.body());
        JsonObject params = patched.json().getJsonObject("botParams");
        assertTrue(params.getBoolean("processed"));
        assertEquals("complete", params.getString("status"));
        assertFalse(params.containsKey("lastError"), "no stale failure next to complete: " + params);
        JsonObject listed = message(BotFixtures.all(client), "fault-" + fault).getJsonObject("botParams");
        assertFalse(listed.containsKey("lastError"), listed.toString());
        assertEquals("complete", listed.getString("status"));
    }
}
