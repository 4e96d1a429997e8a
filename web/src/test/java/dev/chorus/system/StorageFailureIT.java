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
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import dev.chorus.support.RawHttp;
import dev.chorus.support.ChorusMembers;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Storage trouble is a 503 with a JSON error, never {@code 200 []} and never an acknowledgement of something
 * not stored. The database is taken away under a running member (its table renamed), then given back. And slow
 * storage is only slow: a post whose body came after its headers, stored while the database holds it far beyond
 * the body deadline, is still acknowledged, once.
 */
class StorageFailureIT {
    /**
     * A member of its own on PostgreSQL: the test takes the database away under it. The body deadline is short
     * (1 s) so that holding the database for 2.5 s outlasts it by far.
     */
    @RegisterExtension
    static final ChorusMembers chorus = ChorusMembers.one().postgres().env(Map.of("CHORUS_RATE_LIMIT_PER_MINUTE", "0",
            "CHORUS_HTTP_BODY_TIMEOUT_MILLIS", "1000"));
    private static final long BODY_DEADLINE_MILLIS = 1_000;
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

    /**
     * The body deadline ends when the body is in. It used to go on timing the application's work (Payara keeps
     * the async timeout running through the dispatch), so a post slower than what was left of it got the
     * container's 500 instead of its answer. The test holds the writer row, which every insert locks, for 2.5
     * times the deadline while the post is stored.
     */
    @Test
    void aBodyAfterItsHeadersIsAnsweredHoweverLongTheDatabaseTakes() throws Exception {
        BoardClient client = server.client();
        for (int i = 0; i < 3; i++) {
            String id = "split-" + i + "-" + Long.toHexString(System.nanoTime());
            CompletableFuture<RawHttp.Response> answer;
            try (Connection lock = database.connect(); Statement statement = lock.createStatement()) {
                lock.setAutoCommit(false);
                statement.execute("SELECT epoch FROM board_writer WHERE id = 1 FOR UPDATE");
                answer = CompletableFuture.supplyAsync(() -> postWithBodyAfterHeaders(server.baseUri(), id));
                Thread.sleep(BODY_DEADLINE_MILLIS * 5 / 2); // the post waits for this lock, beyond its deadline
                assertFalse(answer.isDone(), "post " + i + " was answered before it could be stored: "
                        + (answer.isDone() ? answer.join() : ""));
                lock.commit();
            }
            RawHttp.Response response = answer.get(20, TimeUnit.SECONDS);
            assertEquals(200, response.status(), "post " + i + ": " + response.body());
            assertEquals(null, response.header("X-Chorus-Duplicate"), "a new post, stored once");
            assertTrue(response.body().contains(id), response.body());
            long copies = client.poll(0, 1000).stream().filter(m -> m.getString("id").equals(id)).count();
            assertEquals(1, copies, "acknowledged " + id + " appears once");
        }
    }

    /** Headers first, the body 50 ms later in a packet of its own: the member reads it without a thread. */
    private static RawHttp.Response postWithBodyAfterHeaders(URI base, String id) {
        byte[] body = ("{\"id\":\"" + id + "\",\"text\":\"split body\",\"username\":\"splitter\"}")
                .getBytes(StandardCharsets.UTF_8);
        String head = "POST /api/comments HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(50);
            out.write(body);
            out.flush();
            return RawHttp.read(socket.getInputStream());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sql(String statement) throws Exception {
        try (Connection connection = DriverManager.getConnection(database.url(), "postgres", "");
             Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }
}
