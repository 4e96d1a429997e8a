package dev.chorus.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.support.BoardClient;
import dev.chorus.support.ChorusServer;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import dev.chorus.support.ChorusMembers;
import org.awaitility.Awaitility;
import java.util.stream.IntStream;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Durability by killing the process: posts are acknowledged, the server gets kill -9 (no shutdown hook, no
 * flush), starts again on the same database, and every acknowledged message is back; polls from cursors taken
 * before the kill continue without a gap.
 */
class KillRestartIT {
    /** A member of its own: the test kills and restarts it. */
    @RegisterExtension
    static final ChorusMembers chorus = ChorusMembers.one().env("CHORUS_RATE_LIMIT_PER_MINUTE", "0");
    private static ChorusServer server;

    @BeforeAll
    static void start() {
        server = chorus.server();
    }

    @Test
    void acknowledgedMessagesSurviveKillNineAndOldCursorsContinueWithoutGaps() throws Exception {
        BoardClient client = server.client();
        List<JsonObject> before = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            before.add(client.postText("before-" + i, "posted before the kill " + i));
        }
        long cursorMidway = before.get(14).getJsonNumber("timestamp").longValue();
        long lastBefore = before.get(39).getJsonNumber("timestamp").longValue();

        // Posting goes on from 4 clients while the process is killed: whatever was acknowledged must survive.
        Set<String> acknowledgedDuringKill = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService posters = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            int poster = p;
            running.add(posters.submit(() -> {
                BoardClient own = server.client();
                for (int n = 0; !stop.get(); n++) {
                    String id = "during-" + poster + "-" + n;
                    try {
                        if (own.post(jakarta.json.Json.createObjectBuilder().add("id", id).add("text", "racing the kill").build())
                                .status() == 200) {
                            acknowledgedDuringKill.add(id);
                        }
                    } catch (RuntimeException connectionLost) {
                        return;
                    }
                }
            }));
        }
        // kill once posting is under way from every client (a positive signal, not a fixed time)
        Awaitility.await("posts acknowledged from every client").atMost(Duration.ofSeconds(30))
                .until(() -> IntStream.range(0, 4).allMatch(p -> acknowledgedDuringKill.stream()
                        .anyMatch(id -> id.startsWith("during-" + p + "-"))));
        server.kill();
        stop.set(true);
        for (Future<?> poster : running) {
            poster.get(30, TimeUnit.SECONDS);
        }
        posters.shutdownNow();
        assertTrue(acknowledgedDuringKill.size() > 0, "some posts were acknowledged while racing the kill");

        server.start();
        BoardClient after = server.client();

        List<String> stored = after.allByPages(200).stream().map(m -> m.getString("id")).toList();
        for (JsonObject message : before) {
            assertTrue(stored.contains(message.getString("id")), "lost " + message.getString("id"));
        }
        assertTrue(stored.containsAll(acknowledgedDuringKill),
                "acknowledged during the kill but lost: " + acknowledgedDuringKill.stream().filter(id -> !stored.contains(id)).toList());
        assertEquals(stored.size(), after.totalMessages(), "kept count matches what is stored");

        // The cursor taken before the kill continues exactly where it was: the 25 later "before" messages next.
        List<JsonObject> resumed = after.poll(cursorMidway, 25);
        List<String> resumedIds = resumed.stream().map(m -> m.getString("id")).toList();
        List<String> expected = new ArrayList<>(before.subList(15, 40).stream().map(m -> m.getString("id")).toList());
        java.util.Collections.reverse(expected);
        assertEquals(expected, resumedIds, "poll from the old cursor: no gap, newest first");

        // New posts get timestamps after everything stored before the kill, so old cursors stay valid.
        JsonObject fresh = after.postText("after-restart", "hello again");
        assertTrue(fresh.getJsonNumber("timestamp").longValue() > lastBefore);
        List<String> fromLast = after.poll(lastBefore, 1000).stream().map(m -> m.getString("id")).toList();
        assertTrue(fromLast.contains("after-restart"));
        assertTrue(fromLast.containsAll(acknowledgedDuringKill),
                "every message after the last pre-kill one is reachable from its cursor");
    }
}
