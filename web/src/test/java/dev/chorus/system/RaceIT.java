package dev.chorus.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.support.BoardClient;
import dev.chorus.support.ChorusServer;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import dev.chorus.support.ChorusMembers;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The original's failure, replayed: concurrent posters, many pollers on their own cursors, and a bot PATCHing
 * every message as soon as it appears. Every poller must see every acknowledged message exactly once, and
 * paging must return all of them. (The original lost 64 of 147 under 4 tabs.)
 */
class RaceIT {
    private static final int POSTERS = 8;
    private static final int POSTS_EACH = 100;
    private static final int POLLERS = 16;
    private static final long DEADLINE_MS = 120_000;

    /** A member of its own: the test counts every message on the board. */
    @RegisterExtension
    static final ChorusMembers chorus = ChorusMembers.one().env("CHORUS_RATE_LIMIT_PER_MINUTE", "0");
    private static ChorusServer server;

    @BeforeAll
    static void start() {
        server = chorus.server();
    }

    @Test
    void everyPollerSeesEveryMessageExactlyOnceWhileTheBotPatches() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(POSTERS + POLLERS + 1);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean postingDone = new AtomicBoolean();
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<List<String>>> pollers = new ArrayList<>();
            for (int p = 0; p < POLLERS; p++) {
                pollers.add(pool.submit(() -> follow(server.client(), go, postingDone, acknowledged, id -> { })));
            }
            Future<Integer> patcher = pool.submit(() -> patchAsTheyAppear(server.client(), go, postingDone, acknowledged));
            List<Future<?>> posters = new ArrayList<>();
            for (int p = 0; p < POSTERS; p++) {
                int poster = p;
                posters.add(pool.submit(() -> {
                    BoardClient client = server.client();
                    go.await();
                    for (int n = 0; n < POSTS_EACH; n++) {
                        String id = "race-" + poster + "-" + n;
                        client.postText(id, "poster " + poster + " message " + n);
                        acknowledged.add(id);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> poster : posters) {
                poster.get(DEADLINE_MS, TimeUnit.MILLISECONDS);
            }
            postingDone.set(true);
            assertEquals(POSTERS * POSTS_EACH, acknowledged.size());

            for (Future<List<String>> poller : pollers) {
                List<String> seen = poller.get(DEADLINE_MS, TimeUnit.MILLISECONDS);
                assertExactlyOnce(acknowledged, seen, "poller");
            }
            assertEquals(POSTERS * POSTS_EACH, patcher.get(DEADLINE_MS, TimeUnit.MILLISECONDS));
        } finally {
            pool.shutdownNow();
        }

        List<JsonObject> paged = server.client().allByPages(100);
        assertExactlyOnce(acknowledged, paged.stream().map(m -> m.getString("id")).toList(), "paging");
        assertTrue(paged.stream().allMatch(m -> m.getJsonObject("botParams") != null
                && m.getJsonObject("botParams").getBoolean("processed")), "every message PATCHed processed");
        assertEquals(POSTERS * POSTS_EACH, server.client().totalMessages());
    }

    /** A poller on its own cursor; returns the ids in the order it saw them. */
    private static List<String> follow(BoardClient client, CountDownLatch go, AtomicBoolean postingDone,
                                       Set<String> acknowledged, Consumer<String> onSeen) throws InterruptedException {
        go.await();
        List<String> seen = new ArrayList<>();
        long cursor = 0;
        long deadline = System.currentTimeMillis() + DEADLINE_MS;
        while (System.currentTimeMillis() < deadline) {
            List<JsonObject> batch = client.poll(cursor, 50);
            for (int i = batch.size() - 1; i >= 0; i--) { // newest first on the wire
                JsonObject message = batch.get(i);
                long timestamp = message.getJsonNumber("timestamp").longValue();
                assertTrue(timestamp > cursor, "poll returned a message at or before its cursor");
                seen.add(message.getString("id"));
                onSeen.accept(message.getString("id"));
                cursor = timestamp;
            }
            if (batch.isEmpty()) {
                if (postingDone.get() && seen.size() >= acknowledged.size()) {
                    return seen;
                }
                Thread.sleep(5);
            }
        }
        return seen;
    }

    /** The bot: PATCH processed on each message as soon as its own cursor shows it, while others poll. */
    private static int patchAsTheyAppear(BoardClient client, CountDownLatch go, AtomicBoolean postingDone,
                                         Set<String> acknowledged) throws InterruptedException {
        AtomicInteger patched = new AtomicInteger();
        follow(client, go, postingDone, acknowledged, id -> {
            int status = client.patchProcessed(id, true, ChorusServer.BOT_TOKEN).status();
            assertEquals(200, status, "PATCH " + id);
            patched.incrementAndGet();
        });
        return patched.get();
    }

    static void assertExactlyOnce(Set<String> expected, List<String> seen, String who) {
        Map<String, Integer> counts = new HashMap<>();
        seen.forEach(id -> counts.merge(id, 1, Integer::sum));
        Set<String> missing = new HashSet<>(expected);
        missing.removeAll(counts.keySet());
        List<String> repeated = counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
        assertTrue(missing.isEmpty(), who + " missed " + missing.size() + " messages, e.g. " + missing.stream().limit(5).toList());
        assertTrue(repeated.isEmpty(), who + " saw " + repeated.size() + " messages more than once, e.g. " + repeated.stream().limit(5).toList());
        assertEquals(expected.size(), seen.size(), who + " saw unexpected messages");
    }
}
