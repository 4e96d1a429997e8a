package dev.chorus.interfaces.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.support.BoardClient;
import dev.chorus.support.ChorusServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import dev.chorus.support.ChorusMembers;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Live push across two clustered members over one PostgreSQL database: a subscriber on B sees every message
 * posted on A exactly once, in timestamp order; a dropped connection resumed with Last-Event-ID neither skips
 * nor repeats; heartbeats arrive; the type filter holds; a cursor older than the (deliberately small) window is
 * served from the database in batches.
 */
class StreamIT {
    static final int WINDOW = 50;
    @RegisterExtension
    static final ChorusMembers cluster = ChorusMembers.two().env(Map.of(
            "CHORUS_STREAM_HEARTBEAT_SECONDS", "1",
            "CHORUS_STREAM_BATCH", "20",
            "CHORUS_WINDOW_CAPACITY", String.valueOf(WINDOW)));
    private static ChorusServer a;
    private static ChorusServer b;

    @BeforeAll
    static void start() {
        a = cluster.member(0);
        b = cluster.member(1);
    }

    @Test
    void headersAndFirstCommentComeAtOnceThenHeartbeats() throws Exception {
        try (SseClient stream = SseClient.open(b.baseUri(), null, null)) {
            var response = stream.response();
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"),
                    "content type: " + response.headers().map());
            assertEquals("no-cache", response.headers().firstValue("Cache-Control").orElse(null));
            assertEquals("no", response.headers().firstValue("X-Accel-Buffering").orElse(null));
            assertTrue(response.headers().firstValue("Date").isPresent(), "Date header (the page corrects clocks with it)");
            long headersMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stream.openedNanos());
            assertTrue(headersMillis < 2_000, "headers took " + headersMillis + " ms");
            awaitComment(stream, "connected", Duration.ofSeconds(2));
            awaitComment(stream, "keep-alive", Duration.ofSeconds(5)); // heartbeat is 1 s in this test
            long keepAlives = stream.comments().stream().filter(c -> c.text().equals("keep-alive")).count();
            assertTrue(keepAlives >= 1);
            assertEquals(null, stream.next(Duration.ofMillis(10)), "no message events without posts");
        }
    }

    @Test
    void aSubscriberOnBReceivesEveryPostOnAExactlyOnceInOrder() throws Exception {
        String run = "x" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        int perThread = 50;
        try (SseClient stream = SseClient.open(b.baseUri(), null, null)) {
            awaitComment(stream, "connected", Duration.ofSeconds(5));
            Set<String> posted = postConcurrently(a.client(), run, 2, perThread);
            List<SseClient.Event> events = stream.collect(got -> ids(got, run).containsAll(posted), Duration.ofSeconds(60));
            assertExactlyOnceInOrder(posted, events, run);

            // The data is the message exactly as polling shows it.
            SseClient.Event first = events.get(0);
            JsonObject polled = b.client().poll(first.timestamp() - 1, 1).get(0);
            assertEquals(polled, first.json());
        }
    }

    @Test
    void aDroppedConnectionResumedWithLastEventIdSkipsNothingAndRepeatsNothing() throws Exception {
        String run = "r" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        long start = a.client().postText(run + "-start", "start marker").getJsonNumber("timestamp").longValue();
        int total = 80;
        ExecutorService poster = Executors.newSingleThreadExecutor();
        try {
            SseClient first = SseClient.open(b.baseUri(), "?after=" + start, null);
            Future<Set<String>> posting = poster.submit(() -> {
                Set<String> ids = new HashSet<>();
                BoardClient onA = a.client();
                for (int i = 0; i < total; i++) {
                    onA.postText(run + "-" + i, "resume " + i);
                    ids.add(run + "-" + i);
                    Thread.sleep(10);
                }
                return ids;
            });
            List<SseClient.Event> before = first.collect(got -> ids(got, run).size() >= 25, Duration.ofSeconds(30));
            first.close(); // the network drops; posting goes on meanwhile
            assertTrue(before.size() >= 25, "first connection got " + before.size());
            String lastId = before.get(before.size() - 1).id();
            Thread.sleep(200);

            // A browser reconnects with its original URL (?after=start) plus Last-Event-ID: the header wins.
            try (SseClient second = SseClient.open(b.baseUri(), "?after=" + start, lastId)) {
                Set<String> posted = posting.get(60, TimeUnit.SECONDS);
                List<SseClient.Event> after = second.collect(got -> {
                    Set<String> seen = new HashSet<>(ids(before, run));
                    seen.addAll(ids(got, run));
                    return seen.containsAll(posted);
                }, Duration.ofSeconds(60));
                assertTrue(after.isEmpty() || after.get(0).timestamp() > Long.parseLong(lastId),
                        "resumed after " + lastId + " but got " + after.get(0).id());
                List<SseClient.Event> all = new ArrayList<>(before);
                all.addAll(after);
                assertExactlyOnceInOrder(posted, all, run);
            }
        } finally {
            poster.shutdownNow();
        }
    }

    @Test
    void typeAiOnlyCarriesAiMessages() throws Exception {
        String run = "t" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        BoardClient onA = a.client();
        try (SseClient ai = SseClient.open(b.baseUri(), "?type=AI", null);
             SseClient human = SseClient.open(b.baseUri(), "?type=human", null)) {
            awaitComment(ai, "connected", Duration.ofSeconds(5));
            awaitComment(human, "connected", Duration.ofSeconds(5));
            Set<String> aiIds = new HashSet<>();
            Set<String> humanIds = new HashSet<>();
            for (int i = 0; i < 5; i++) {
                onA.postText(run + "-h" + i, "human " + i);
                humanIds.add(run + "-h" + i);
                postAi(onA, run + "-a" + i, "ai " + i);
                aiIds.add(run + "-a" + i);
            }
            List<SseClient.Event> aiEvents = ai.collect(got -> ids(got, run).containsAll(aiIds), Duration.ofSeconds(30));
            assertExactlyOnceInOrder(aiIds, aiEvents, run);
            aiEvents.forEach(e -> assertEquals("AI", e.json().getString("message-type")));
            List<SseClient.Event> humanEvents = human.collect(got -> ids(got, run).containsAll(humanIds), Duration.ofSeconds(30));
            assertExactlyOnceInOrder(humanIds, humanEvents, run);
        }
    }

    @Test
    void aCursorOlderThanTheWindowIsServedFromTheDatabaseInBatches() throws Exception {
        String run = "o" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        BoardClient onA = a.client();
        for (int i = 0; i < WINDOW + 30; i++) {
            onA.postText(run + "-" + i, "old " + i);
        }
        List<String> stored = b.client().allByPages(100).stream().map(m -> m.getString("id")).toList();
        try (SseClient stream = SseClient.open(b.baseUri(), "?after=0", null)) {
            List<SseClient.Event> events = stream.collect(got -> got.size() >= stored.size(), Duration.ofSeconds(60));
            assertEquals(stored, events.stream().map(e -> e.json().getString("id")).toList(),
                    "everything stored, oldest first, exactly once");
            assertEquals(null, stream.next(Duration.ofMillis(300)), "nothing more");
        }
    }

    static Set<String> postConcurrently(BoardClient client, String run, int threads, int perThread) throws Exception {
        Set<String> posted = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        String id = run + "-" + thread + "-" + i;
                        client.postText(id, "thread " + thread + " message " + i);
                        posted.add(id);
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(threads * perThread, posted.size());
        return posted;
    }

    static void postAi(BoardClient client, String id, String text) {
        var reply = client.post(Json.createObjectBuilder().add("id", id).add("text", text).add("username", "bot")
                .add("message-type", "AI").build(), Map.of("Authorization", "Bearer " + ChorusServer.BOT_TOKEN));
        assertEquals(200, reply.status(), reply.body());
    }

    static List<String> ids(List<SseClient.Event> events, String run) {
        return events.stream().map(e -> e.json().getString("id")).filter(id -> id.startsWith(run + "-")).toList();
    }

    /** Each posted id once, nothing else of this run, timestamps strictly increasing, SSE id = timestamp. */
    static void assertExactlyOnceInOrder(Set<String> posted, List<SseClient.Event> events, String run) {
        List<String> received = ids(events, run);
        Set<String> distinct = new HashSet<>(received);
        assertEquals(received.size(), distinct.size(), "a message arrived twice: " + received);
        Set<String> missing = new HashSet<>(posted);
        missing.removeAll(distinct);
        assertTrue(missing.isEmpty(), "never arrived: " + missing);
        Set<String> extra = new HashSet<>(distinct);
        extra.removeAll(posted);
        assertTrue(extra.isEmpty(), "unexpected: " + extra);
        long previous = -1;
        for (SseClient.Event event : events) {
            assertEquals("message", event.name());
            long timestamp = event.timestamp();
            assertEquals(String.valueOf(timestamp), event.id(), "SSE id is the timestamp");
            assertTrue(timestamp > previous, "out of order at " + event.id() + " after " + previous);
            previous = timestamp;
        }
    }

    static void awaitComment(SseClient stream, String text, Duration timeout) throws InterruptedException {
        Awaitility.await("comment '" + text + "'").atMost(timeout).pollInterval(Duration.ofMillis(10))
                .until(() -> stream.comments().stream().anyMatch(c -> c.text().equals(text)));
    }

    static URI base(ChorusServer server) {
        return server.baseUri();
    }
}
