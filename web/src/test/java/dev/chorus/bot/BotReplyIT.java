package dev.chorus.bot;

import static dev.chorus.bot.BotFixtures.assertExactlyOneReplyEach;
import static dev.chorus.bot.BotFixtures.awaitSettled;
import static dev.chorus.bot.BotFixtures.message;
import static dev.chorus.bot.BotFixtures.postPersona;
import static dev.chorus.bot.BotFixtures.repliesByTarget;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.support.BoardClient;
import dev.chorus.support.ChorusServer;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import dev.chorus.support.ChorusMembers;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The bot's happy paths against one real member and three OpenAI-compatible stubs (2 slots each = 6 slots,
 * 500 ms per completion): one message -> one reply under the persona's identity; 4 concurrent clients x 10 rapid
 * messages -> 40 replies, each exactly once; throughput close to slots / latency; [SKIP]; unknown and disabled
 * personas left alone; the operator endpoints and the llm readiness data.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BotReplyIT {
    static final int LATENCY_MS = 500;
    static final int SLOTS = 6;
    private static final List<LlmStub> stubs = new ArrayList<>();
    private static Path dir;
    /** Started by {@code start()} once the LLM stub and the entities file exist; stopped by the extension. */
    @RegisterExtension
    static final ChorusMembers chorus = ChorusMembers.one().startedByTheTest();
    private static ChorusServer server;
    private static BoardClient client;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("chorus-bot-reply-");
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            LlmStub stub = LlmStub.start(LATENCY_MS);
            stub.forModel("skip-model", LlmStub.completion("[SKIP]").withFixedDelay(50));
            stubs.add(stub);
            urls.add(stub.baseUrl().toString());
        }
        Path entities = BotFixtures.entitiesFile(dir, "echo-model", "skip-model");
        server = chorus.start(BotFixtures.env(entities, String.join(",", urls),
                Map.of("CHORUS_LLM_SLOTS_PER_SERVER", "2"))).server();
        client = server.client();
    }

    @AfterAll
    static void stop() throws Exception {
        BotFixtures.tearDown(dir, stubs.toArray(new AutoCloseable[0]));
    }

    private static int stubRequests() {
        return stubs.stream().mapToInt(LlmStub::completionRequests).sum();
    }

    @Test
    @Order(1)
    void oneMessageGetsOneReplyUnderThePersonasIdentity() throws Exception {
        JsonObject posted = postPersona(client, "one-1", "echo", "What is a haiku?");
        assertEquals("pending", posted.getJsonObject("botParams").getString("status"));
        assertFalse(posted.getJsonObject("botParams").getBoolean("processed"));

        List<JsonObject> messages = awaitSettled(client, List.of("one-1"), Duration.ofSeconds(30));
        JsonObject answered = message(messages, "one-1");
        JsonObject bot = answered.getJsonObject("botParams");
        assertEquals("complete", bot.getString("status"), answered.toString());
        assertTrue(bot.getBoolean("processed"));
        List<JsonObject> replies = repliesByTarget(messages).get("one-1");
        assertEquals(1, replies.size());
        JsonObject reply = replies.get(0);
        assertEquals(bot.getString("replyId"), reply.getString("id"));
        assertEquals("P-echo", reply.getString("username"));
        assertEquals("010200030", reply.getString("color"));
        assertEquals("AI", reply.getString("message-type"));
        assertEquals(LlmStub.REPLY, reply.getString("text"));
        // the stored message itself (GET by page, which reads the row) says the same
        // No second reply: an absence leaves no signal to wait for: a bounded wait over a few dispatcher ticks (about
        // 1 s each) is the only way to show it
        Thread.sleep(1500);
        assertEquals(1, repliesByTarget(BotFixtures.all(client)).get("one-1").size(), "still one reply later");
    }

    @Test
    @Order(2)
    void fourConcurrentClientsTimesTenRapidMessagesGetFortyRepliesEachExactlyOnce() throws Exception {
        int before = stubRequests();
        List<String> ids = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> running = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                int clientNo = c;
                running.add(clients.submit(() -> {
                    BoardClient own = server.client();
                    List<String> mine = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                        String id = "c" + clientNo + "-m" + i;
                        postPersona(own, id, "echo", "message " + i + " from client " + clientNo);
                        mine.add(id);
                    }
                    return mine;
                }));
            }
            for (Future<List<String>> f : running) {
                ids.addAll(f.get());
            }
        } finally {
            clients.shutdownNow();
        }
        List<JsonObject> messages = awaitSettled(client, ids, Duration.ofSeconds(60));
        for (String id : ids) {
            assertEquals("complete", BotFixtures.status(message(messages, id)), id);
        }
        assertExactlyOneReplyEach(messages, ids);
        assertEquals(40, stubRequests() - before, "one LLM call per message");
    }

    @Test
    @Order(3)
    void sixSlotsOverThreeServersAnswerAtAboutSlotsOverLatency() throws Exception {
        int n = 60;
        List<String> ids = IntStream.range(0, n).mapToObj(i -> "tp-" + i).toList();
        long start = System.nanoTime();
        for (String id : ids) {
            postPersona(client, id, "echo", "throughput " + id);
        }
        List<JsonObject> messages = awaitSettled(client, ids, Duration.ofSeconds(90));
        double seconds = (System.nanoTime() - start) / 1e9;
        double ideal = n * (LATENCY_MS / 1000.0) / SLOTS;
        System.out.printf("BotReplyIT throughput: %d messages, %d slots, %d ms latency: %.2f s (ideal %.2f s, %.0f%%)%n",
                n, SLOTS, LATENCY_MS, seconds, ideal, 100 * ideal / seconds);
        assertExactlyOneReplyEach(messages, ids);
        assertTrue(seconds < 3 * ideal, "took " + seconds + " s, ideal " + ideal + " s");
        for (LlmStub stub : stubs) {
            assertTrue(stub.completionRequests() > 0, "every server was used");
        }
    }

    @Test
    @Order(4)
    void skipEndsVisiblyAndPersonasThisBotLacksAreLeftAloneForOtherBots() throws Exception {
        postPersona(client, "skip-1", "skip", "say nothing");
        JsonObject ghostPosted = postPersona(client, "ghost-1", "ghost", "anyone there?");
        JsonObject offPosted = postPersona(client, "off-1", "off", "are you off?");
        List<JsonObject> messages = awaitSettled(client, List.of("skip-1"), Duration.ofSeconds(30));
        JsonObject skip = message(messages, "skip-1").getJsonObject("botParams");
        assertEquals("complete", skip.getString("status"));
        assertTrue(skip.getBoolean("processed"));
        assertTrue(skip.getString("lastError").contains("SKIP"), skip.toString());
        assertNull(skip.get("replyId"));
        // Several dispatcher ticks: nothing may touch the other two; an absence leaves no signal to wait for: a
        // bounded wait over a few dispatcher ticks (about 1 s each) is the only way to show it
        Thread.sleep(3000);
        messages = BotFixtures.all(client);
        for (String id : List.of("ghost-1", "off-1")) {
            JsonObject params = message(messages, id).getJsonObject("botParams");
            assertEquals("pending", params.getString("status"), params.toString());
            assertFalse(params.getBoolean("processed"));
            assertEquals(0, params.getInt("attempts"), "no attempts");
            assertNull(params.get("lastError"), "no lastError: an unknown (or disabled) persona is another bot's");
        }
        assertEquals(ghostPosted.getJsonObject("botParams"), message(messages, "ghost-1").getJsonObject("botParams"),
                "the POST answered what is stored");
        assertEquals(offPosted.getJsonObject("botParams"), message(messages, "off-1").getJsonObject("botParams"));
        Map<String, List<JsonObject>> replies = repliesByTarget(messages);
        assertFalse(replies.containsKey("skip-1") || replies.containsKey("ghost-1") || replies.containsKey("off-1"));
    }

    @Test
    @Order(5)
    void operatorEndpointsNeedTheBotCredentialAndReadinessReportsTheLlm() {
        var anonymous = client.get("/api/bot/queue");
        assertEquals(401, anonymous.status());
        assertTrue(anonymous.body().contains("\"error\""), anonymous.body());
        var requeueAnonymous = client.send(client.request("/api/bot/requeue/ghost-1")
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertEquals(401, requeueAnonymous.status());

        var queue = client.send(client.request("/api/bot/queue").header("Authorization", BotFixtures.bearer()).GET());
        assertEquals(200, queue.status(), queue.body());
        JsonObject body = queue.json();
        assertTrue(body.containsKey("pending") && body.containsKey("processing") && body.containsKey("failed"), body.toString());

        var ready = client.get("/health/ready");
        assertEquals(200, ready.status(), ready.body());
        assertTrue(ready.body().contains("\"llm\""), ready.body());
        assertTrue(ready.body().contains("\"state\":\"UP\""), ready.body());
        var metrics = client.get("/metrics?scope=application");
        assertTrue(metrics.body().contains("chorus_bot_replies"), metrics.body().lines().limit(5).toList().toString());
    }
}
