package dev.chorus.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.support.BoardClient;
import dev.chorus.support.TwoMembers;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A retry is acknowledged only when it is true. A's insert of a post is held in the database (the test holds
 * the writer row's lock), so the post sits stamped and pending in the window when its client gives up and
 * retries the same id on B. If A then commits, B answers with the stored message once it is visible; if A dies,
 * B answers only after A's attempt is settled, storing the post itself. Never a 2xx for an invisible message.
 */
class RetryAfterDeathIT {

    @Test
    void aRetryOfAPendingPostWaitsUntilItIsSettledAndAnswersTheTruth() throws Exception {
        try (TwoMembers cluster = TwoMembers.start(Map.of())) {
            BoardClient a = cluster.a().client();
            BoardClient b = cluster.b().client();
            a.postText("warm-a", "first post on A");
            b.postText("warm-b", "first post on B");

            // A commits after the hold: B's retry waits and answers the stored message, visible on B.
            try (Connection hold = holdWriterRow(cluster)) {
                CompletableFuture<BoardClient.Reply> first = CompletableFuture.supplyAsync(() -> a.post(post("held")));
                awaitInsertWaiting(cluster);
                CompletableFuture<BoardClient.Reply> retry = CompletableFuture.supplyAsync(() -> b.post(post("held")));
                Thread.sleep(1_500);
                assertTrue(!retry.isDone(), "the retry must wait while the first attempt is pending");
                hold.commit();
                assertEquals(200, first.get(15, TimeUnit.SECONDS).status());
                BoardClient.Reply repeated = retry.get(15, TimeUnit.SECONDS);
                assertEquals(200, repeated.status(), repeated.body());
                assertEquals("true", repeated.header("X-Chorus-Duplicate"));
                assertTrue(ids(b.poll(0, 1000)).contains("held"), "acknowledged means visible on B");
            }

            // A dies while its insert is held: its attempt is taken back, and B's retry stores the post.
            try (Connection hold = holdWriterRow(cluster)) {
                CompletableFuture.runAsync(() -> {
                    try {
                        a.post(post("orphan"));
                    } catch (RuntimeException expected) {
                        // A is killed under this request
                    }
                });
                awaitInsertWaiting(cluster);
                CompletableFuture<BoardClient.Reply> retry = CompletableFuture.supplyAsync(() -> b.post(post("orphan")));
                Thread.sleep(500);
                cluster.a().kill();
                Thread.sleep(1_500);
                assertTrue(!retry.isDone(), "no answer before A's attempt is settled");
                hold.commit();
                BoardClient.Reply stored = retry.get(15, TimeUnit.SECONDS);
                assertEquals(200, stored.status(), stored.body());
                List<String> visible = ids(b.poll(0, 1000));
                assertTrue(visible.contains("orphan"), "acknowledged means visible on B");
                assertEquals(1, visible.stream().filter("orphan"::equals).count());
                assertEquals(1, rows(cluster, "orphan"), "stored exactly once");
            }
        }
    }

    private static JsonObject post(String id) {
        return Json.createObjectBuilder().add("id", id).add("text", "retried post " + id).add("username", "retrier")
                .build();
    }

    private static List<String> ids(List<JsonObject> messages) {
        return messages.stream().map(m -> m.getString("id")).toList();
    }

    /** Holds the writer row's lock in an open transaction, as a slow database would. */
    private static Connection holdWriterRow(TwoMembers cluster) throws SQLException {
        Connection hold = DriverManager.getConnection(cluster.database().url(), "postgres", "");
        hold.setAutoCommit(false);
        try (Statement statement = hold.createStatement()) {
            statement.executeQuery("SELECT epoch FROM board_writer WHERE id = 1 FOR UPDATE").close();
        }
        return hold;
    }

    /** Waits until a member's insert is blocked on the writer row (its post is stamped, pending). */
    private static void awaitInsertWaiting(TwoMembers cluster) throws Exception {
        try (Connection watch = DriverManager.getConnection(cluster.database().url(), "postgres", "")) {
            Awaitility.await("an insert waiting on the writer row").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(50)).until(() -> {
                        try (Statement statement = watch.createStatement(); ResultSet waiting = statement.executeQuery(
                                "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()"
                                        + " AND wait_event_type = 'Lock'"
                                        + " AND query LIKE 'UPDATE board_writer SET epoch = epoch WHERE%'")) {
                            waiting.next();
                            return waiting.getInt(1) > 0;
                        }
                    });
        }
    }

    private static int rows(TwoMembers cluster, String id) throws SQLException {
        try (Connection connection = DriverManager.getConnection(cluster.database().url(), "postgres", "");
             Statement statement = connection.createStatement();
             ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM messages WHERE id = '" + id + "'")) {
            count.next();
            return count.getInt(1);
        }
    }
}
