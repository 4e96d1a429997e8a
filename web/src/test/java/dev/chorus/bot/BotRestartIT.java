package dev.chorus.bot;

import static dev.chorus.bot.BotFixtures.assertExactlyOneReplyEach;
import static dev.chorus.bot.BotFixtures.message;
import static dev.chorus.bot.BotFixtures.postPersona;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.support.BoardClient;
import dev.chorus.support.ChorusServer;
import dev.chorus.support.Ports;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import dev.chorus.support.ChorusMembers;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Without an LLM server the board works, readiness stays UP with data.state DOWN, the message waits without
 * spending attempts, and is answered once a server comes up. Then kill -9 while a completion is in flight: after
 * a restart on the same database the message gets exactly one reply.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BotRestartIT {
    private static int llmPort;
    private static LlmStub stub;
    private static Path dir;
    /** Started by {@code start()} once the LLM stub and the entities file exist; stopped by the extension. */
    @RegisterExtension
    static final ChorusMembers chorus = ChorusMembers.one().startedByTheTest();
    private static ChorusServer server;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("chorus-bot-restart-");
        llmPort = Ports.free();
        Path entities = BotFixtures.entitiesFile(dir, "echo-model");
        server = chorus.start(BotFixtures.env(entities, "http://127.0.0.1:" + llmPort + "/v1",
                Map.of("CHORUS_LLM_READ_TIMEOUT_SECONDS", "20"))).server();
    }

    @AfterAll
    static void stop() throws Exception {
        BotFixtures.tearDown(dir, stub);
    }

    @Test
    @Order(1)
    void withoutAnLlmTheBoardWorksWorkWaitsAndDrainsWhenAServerComesUp() throws Exception {
        BoardClient client = server.client();
        postPersona(client, "wait-1", "echo", "is anybody there?");
        // Work waits: with no server the dispatcher has no free slot and claims nothing, so nothing happens to the
        // message and nothing signals that; a bounded wait over a few dispatcher ticks is the only way to show it.
        Thread.sleep(4000);
        JsonObject waiting = message(BotFixtures.all(client), "wait-1").getJsonObject("botParams");
        assertEquals("pending", waiting.getString("status"), waiting.toString());
        assertEquals(0, waiting.getInt("attempts"), "no attempt spent without a server: " + waiting);
        client.postText("plain-1", "the board still takes posts");
        var ready = client.get("/health/ready");
        assertEquals(200, ready.status(), ready.body());
        assertTrue(ready.body().contains("\"state\":\"DOWN\""), ready.body());

        stub = new LlmStub(llmPort, 50);
        long start = System.nanoTime();
        List<JsonObject> messages = BotFixtures.awaitState(client, List.of("wait-1"), Duration.ofSeconds(40),
                m -> BotFixtures.status(m).equals("complete"));
        System.out.printf("BotRestartIT: answered %.1f s after the LLM server came up%n", (System.nanoTime() - start) / 1e9);
        assertExactlyOneReplyEach(messages, List.of("wait-1"));
        assertTrue(client.get("/health/ready").body().contains("\"state\":\"UP\""));
    }

    @Test
    @Order(2)
    void killNineWithACompletionInFlightThenRestartGivesExactlyOneReply() throws Exception {
        stub.reply(8000);
        int before = stub.completionRequests();
        postPersona(server.client(), "inflight-1", "echo", "answer me across a crash");
        Awaitility.await("the request reached the LLM before the kill").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50)).until(() -> stub.completionRequests() > before);
        server.kill();
        stub.reply(50);
        server.start();
        BoardClient client = server.client();
        List<JsonObject> messages = BotFixtures.awaitState(client, List.of("inflight-1"), Duration.ofSeconds(60),
                m -> BotFixtures.status(m).equals("complete"));
        // A second reply could only come from a late duplicate attempt, which leaves no trace before it posts:
        // a bounded wait is the only way to show it does not come.
        Thread.sleep(2000);
        messages = BotFixtures.all(client);
        assertEquals("complete", BotFixtures.status(message(messages, "inflight-1")));
        assertExactlyOneReplyEach(messages, List.of("inflight-1", "wait-1"));
    }
}
