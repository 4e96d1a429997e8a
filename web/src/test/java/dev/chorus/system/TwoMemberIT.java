package dev.chorus.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chorus.support.BoardClient;
import dev.chorus.support.ChorusServer;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import dev.chorus.support.ChorusMembers;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two members on loopback forming one cluster over one PostgreSQL database: messages posted on A appear in
 * B's polls, none missed; when A is killed, B still serves every one of them and keeps accepting posts.
 */
class TwoMemberIT {
    @RegisterExtension
    static final ChorusMembers cluster = ChorusMembers.two();
    private static ChorusServer a;
    private static ChorusServer b;

    @BeforeAll
    static void start() {
        a = cluster.member(0);
        b = cluster.member(1);
    }

    @Test
    void postsOnOneMemberAppearOnTheOtherAndSurviveItsDeath() throws Exception {
        Set<String> posted = ConcurrentHashMap.newKeySet();
        AtomicBoolean postingDone = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<List<String>> pollerOnB = pool.submit(() -> follow(b.client(), postingDone, posted));
            BoardClient onA = a.client();
            for (int i = 0; i < 200; i++) {
                String id = "two-" + i;
                onA.postText(id, "posted on A " + i);
                posted.add(id);
            }
            postingDone.set(true);
            RaceIT.assertExactlyOnce(posted, pollerOnB.get(60, TimeUnit.SECONDS), "poller on B");
        } finally {
            pool.shutdownNow();
        }

        a.kill();

        BoardClient onB = b.client();
        RaceIT.assertExactlyOnce(posted, onB.allByPages(50).stream().map(m -> m.getString("id")).toList(), "B after A died");
        RaceIT.assertExactlyOnce(posted, onB.poll(0, 1000).stream().map(m -> m.getString("id")).toList(), "poll on B after A died");
        assertEquals(200, onB.totalMessages());
        JsonObject after = onB.postText("two-after", "B carries on alone");
        assertEquals("two-after", onB.poll(after.getJsonNumber("timestamp").longValue() - 1, 10).get(0).getString("id"));
    }

    private static List<String> follow(BoardClient client, AtomicBoolean postingDone, Set<String> posted)
            throws InterruptedException {
        List<String> seen = new ArrayList<>();
        long cursor = 0;
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            List<JsonObject> batch = client.poll(cursor, 50);
            for (int i = batch.size() - 1; i >= 0; i--) {
                seen.add(batch.get(i).getString("id"));
                cursor = batch.get(i).getJsonNumber("timestamp").longValue();
            }
            if (batch.isEmpty()) {
                if (postingDone.get() && new LinkedHashSet<>(seen).containsAll(posted)) {
                    return seen;
                }
                Thread.sleep(5);
            }
        }
        return seen;
    }
}
