package dev.chorus.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.support.BoardClient;
import dev.chorus.support.BoardClient.Reply;
import dev.chorus.support.ChorusServer;
import dev.chorus.support.PostgresDatabase;
import jakarta.json.Json;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import dev.chorus.support.ChorusMembers;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Storage trouble is a 503 with a JSON error, never {@code 200 []} and never an acknowledgement of something
 * not stored. The database is taken away under a running member (its table renamed), then given back.
 */
class StorageFailureIT {
    /** A member of its own on PostgreSQL: the test takes the database away under it. */
    @RegisterExtension
    static final ChorusMembers chorus = ChorusMembers.one().postgres().env("CHORUS_RATE_LIMIT_PER_MINUTE", "0");
    private static PostgresDatabase database;
    private static ChorusServer server;

    @BeforeAll
    static void start() {
        database = chorus.database();
        server = chorus.server();
    }

    @Test
    void withoutTheDatabasePostsAnswer503AndNothingIsAcknowledgedOrShown() throws Exception {
        BoardClient client = server.client();
        long cursor = client.postText("before-outage", "stored while the database is up").getJsonNumber("timestamp").longValue();
        long total = client.totalMessages();

        sql("ALTER TABLE messages RENAME TO messages_offline");
        try {
            Reply post = client.post(Json.createObjectBuilder().add("id", "during-outage").add("text", "lost?").build());
            assertEquals(503, post.status(), post.body());
            assertFalse(post.json().getString("error").isBlank());
            assertEquals("1", post.header("Retry-After"));
            assertFalse(post.body().contains("Exception"), "no stack trace");

            Reply search = client.get("/api/comments?search=stored");
            assertEquals(503, search.status(), "a read that needs the database is a 503, not 200 with nothing");
            assertTrue(search.json().containsKey("error"));

            List<String> polled = client.poll(cursor - 1, 50).stream().map(m -> m.getString("id")).toList();
            assertEquals(List.of("before-outage"), polled, "recent polls are still answered from the window, and "
                    + "the refused post was taken back out of it");
            assertEquals(total, client.totalMessages(), "counts unchanged");
        } finally {
            sql("ALTER TABLE messages_offline RENAME TO messages");
        }

        Reply retry = client.post(Json.createObjectBuilder().add("id", "during-outage").add("text", "stored now").build());
        assertEquals(200, retry.status(), retry.body());
        assertEquals(null, retry.header("X-Chorus-Duplicate"), "the refused post was never stored");
        assertEquals(List.of("during-outage", "before-outage"),
                client.poll(cursor - 1, 50).stream().map(m -> m.getString("id")).toList());
        assertEquals(total + 1, client.totalMessages());
    }

    private static void sql(String statement) throws Exception {
        try (Connection connection = DriverManager.getConnection(database.url(), "postgres", "");
             Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }
}
