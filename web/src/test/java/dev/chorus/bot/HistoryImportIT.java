package dev.chorus.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.support.BoardClient;
import dev.chorus.support.ChorusServer;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Migration: a generated export of the original (5,000 messages: humans, persona messages with context, AI replies
 * under long persona names, rgb/hex colors; plus entries that must be skipped) imported twice into a board that
 * already has messages, while pollers run. Every message arrives once, in the original order, no poller misses or
 * repeats one, the counts are right, the report says what was skipped and why, and no persona message is answered
 * again (the bot is on, its personas are those of the file, and the LLM stub gets no request).
 */
class HistoryImportIT {
    static final int MESSAGES = 5000;
    static final int EXISTING = 20;

    @Test
    void anExportImportedTwiceWhilePollersRunArrivesOnceInOrder() throws Exception {
        Path dir = Files.createTempDirectory("chorus-import-");
        LlmStub stub = null;
        ChorusServer server = null;
        ExecutorService pollers = Executors.newFixedThreadPool(3);
        try {
            stub = LlmStub.start(10);
            String[] models = IntStream.range(0, OriginalExport.PERSONAS.length).mapToObj(i -> "persona-" + i + "-model")
                    .toArray(String[]::new);
            server = ChorusServer.single(BotFixtures.env(BotFixtures.entitiesFile(dir, models),
                    stub.baseUrl().toString(), Map.of())).start();
            BoardClient client = server.client();
            long startCursor = 0;
            for (int i = 0; i < EXISTING; i++) { // the import goes into a board that already has messages
                startCursor = client.postText("existing-" + i, "already on the board " + i)
                        .getJsonNumber("timestamp").longValue();
            }
            OriginalExport export = OriginalExport.generate(MESSAGES, System.currentTimeMillis() - 86_400_000L);
            String file = export.file();

            AtomicBoolean importsDone = new AtomicBoolean();
            List<Poller> running = List.of(new Poller(client, startCursor, null), new Poller(client, startCursor, null),
                    new Poller(client, startCursor, "human"));
            List<Future<?>> futures = new ArrayList<>();
            running.forEach(p -> futures.add(pollers.submit(() -> p.run(importsDone))));

            JsonObject first = importFile(client, file);
            assertEquals(MESSAGES + OriginalExport.invalidCount(), first.getInt("received"), first.toString());
            assertEquals(MESSAGES, first.getInt("imported"), first.toString());
            assertEquals(0, first.getInt("duplicates"));
            assertEquals(OriginalExport.invalidCount(), first.getInt("skipped"));
            assertSkipReasons(first);
            JsonObject second = importFile(client, file);
            assertEquals(0, second.getInt("imported"), "twice: nothing new " + second);
            assertEquals(MESSAGES, second.getInt("duplicates"));
            assertEquals(OriginalExport.invalidCount(), second.getInt("skipped"));
            importsDone.set(true);
            for (Future<?> f : futures) {
                f.get();
            }

            assertEquals(EXISTING + MESSAGES, client.totalMessages(), "counts right");
            List<JsonObject> everything = allAfter(client, startCursor);
            assertEquals(MESSAGES, everything.size());
            assertOriginalOrderAndFields(export, everything);
            Set<String> imported = new HashSet<>();
            everything.forEach(m -> imported.add(m.getString("id")));
            Set<String> humans = new HashSet<>();
            everything.stream().filter(m -> m.getString("message-type").equals("human"))
                    .forEach(m -> humans.add(m.getString("id")));
            for (Poller poller : running) {
                assertEquals(poller.seen.size(), new HashSet<>(poller.seen).size(), "a poller saw a message twice");
                assertEquals(poller.type == null ? imported : humans, new HashSet<>(poller.seen), "a poller missed messages");
                assertTrue(poller.polls > 3, "the poller ran during the imports: " + poller.polls);
            }
            // Imported persona messages must not be answered again; an absence leaves no signal to wait for: a bounded
            // wait over a few dispatcher ticks (about 1 s each) is the only way to show it
            Thread.sleep(2000);
            assertEquals(0, stub.completionRequests(), "no LLM request for imported persona messages");
            assertEquals(EXISTING + MESSAGES, client.totalMessages(), "no reply was posted");
        } finally {
            pollers.shutdownNow();
            BotFixtures.tearDown(dir, server, stub);
        }
    }

    private static JsonObject importFile(BoardClient client, String file) {
        var anonymous = client.send(client.request("/api/import").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"comments\":[]}")));
        assertEquals(401, anonymous.status(), "the import needs the bot credential");
        var reply = client.send(client.request("/api/import").timeout(Duration.ofMinutes(10))
                .header("Content-Type", "application/json").header("Authorization", BotFixtures.bearer())
                .POST(HttpRequest.BodyPublishers.ofString(file)));
        assertEquals(200, reply.status(), reply.body());
        return reply.json();
    }

    private static void assertSkipReasons(JsonObject report) {
        Map<String, Integer> byReason = new HashMap<>();
        report.getJsonObject("skippedByReason").forEach((reason, n) -> byReason.put(reason, ((jakarta.json.JsonNumber) n).intValue()));
        assertEquals(OriginalExport.NO_ID, count(byReason, "no id"), byReason.toString());
        assertEquals(OriginalExport.LONG_HUMAN_NAME, count(byReason, "username"), byReason.toString());
        assertEquals(OriginalExport.BAD_COLOR, count(byReason, "color"), byReason.toString());
        assertEquals(OriginalExport.NO_TIMESTAMP, count(byReason, "timestamp"), byReason.toString());
        List<JsonObject> listed = report.getJsonArray("skippedMessages").getValuesAs(JsonObject.class);
        assertEquals(OriginalExport.invalidCount(), listed.size());
        assertTrue(listed.stream().allMatch(s -> s.getInt("index") >= MESSAGES && !s.getString("reason").isBlank()));
    }

    private static int count(Map<String, Integer> byReason, String word) {
        return byReason.entrySet().stream().filter(e -> e.getKey().contains(word)).mapToInt(Map.Entry::getValue).sum();
    }

    /** Everything after the cursor, oldest first, by polling with a moving cursor. */
    private static List<JsonObject> allAfter(BoardClient client, long cursor) {
        List<JsonObject> all = new ArrayList<>();
        long at = cursor;
        while (true) {
            List<JsonObject> batch = new ArrayList<>(client.poll(at, 1000));
            if (batch.isEmpty()) {
                return all;
            }
            java.util.Collections.reverse(batch);
            all.addAll(batch);
            at = batch.get(batch.size() - 1).getJsonNumber("timestamp").longValue();
        }
    }

    private static void assertOriginalOrderAndFields(OriginalExport export, List<JsonObject> stored) {
        for (int i = 0; i < MESSAGES; i++) {
            JsonObject original = export.valid.get(i);
            JsonObject m = stored.get(i);
            assertEquals(original.getString("id"), m.getString("id"), "the original order, at " + i);
            assertEquals(original.getJsonNumber("timestamp").longValue(), m.getJsonNumber("clientTimestamp").longValue());
            assertEquals(OriginalExport.storedColor(i), m.getString("color"), "color converted: " + original.getString("color"));
            assertEquals(original.getString("username"), m.getString("username"), "persona names whole");
            if (original.containsKey("botParams")) {
                JsonObject params = m.getJsonObject("botParams");
                assertTrue(params.getBoolean("processed"), params.toString());
                assertEquals("complete", params.getString("status"));
                assertEquals(original.getJsonObject("botParams").getString("entity"), params.getString("entity"));
                assertEquals(original.getJsonArray("context").getValuesAs(JsonString.class).stream()
                        .map(JsonString::getString).toList(), m.getJsonArray("context").getValuesAs(JsonString.class)
                        .stream().map(JsonString::getString).toList(), "context kept and listed");
            }
        }
    }

    /** Polls with a moving cursor until the imports are done and it has caught up; keeps every id it got. */
    private static final class Poller {
        final BoardClient client;
        final String type;
        final List<String> seen = new CopyOnWriteArrayList<>();
        long cursor;
        int polls;

        Poller(BoardClient client, long cursor, String type) {
            this.client = client;
            this.cursor = cursor;
            this.type = type;
        }

        void run(AtomicBoolean importsDone) {
            while (true) {
                boolean lastRound = importsDone.get();
                var reply = client.get("/api/comments?after=" + cursor + "&limit=200" + (type == null ? "" : "&type=" + type));
                if (reply.status() != 200) {
                    throw new AssertionError("poll answered " + reply.status() + ": " + reply.body());
                }
                List<JsonObject> batch = reply.array().getValuesAs(JsonObject.class);
                polls++;
                for (int i = batch.size() - 1; i >= 0; i--) {
                    seen.add(batch.get(i).getString("id"));
                }
                if (!batch.isEmpty()) {
                    cursor = batch.get(0).getJsonNumber("timestamp").longValue();
                } else if (lastRound) {
                    return;
                }
                try {
                    Thread.sleep(batch.isEmpty() ? 50 : 5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
