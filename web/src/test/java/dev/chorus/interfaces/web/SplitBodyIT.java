package dev.chorus.interfaces.web;

import dev.chorus.support.ChorusServer;
import dev.chorus.support.PostgresDatabase;
import dev.chorus.support.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A body that arrives after its headers is read without a thread (BodyDeadlineFilter), then the request is
 * dispatched again. The body's deadline must end once the body is in: it used to go on timing the application's
 * work, so a post slower than what was left of it (a first post fencing the window on a loaded machine) got the
 * container's 500 instead of its answer. Here the deadline is the smallest allowed (100 ms), and the test holds
 * the database's writer row locked for 800 ms while the post is stored, so the application's work outlasts the
 * body deadline by far: the post must still be acknowledged when the lock goes, and appear once.
 */
class SplitBodyIT {
    private static PostgresDatabase database;
    private static ChorusServer server;

    @BeforeAll
    static void start() throws Exception {
        database = PostgresDatabase.createOrSkip();
        Map<String, String> env = new HashMap<>(database.chorusEnv());
        env.put("CHORUS_HTTP_BODY_TIMEOUT_MILLIS", "100");
        server = ChorusServer.single(env).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void aBodyAfterItsHeadersIsAnsweredByTheApplicationHoweverLongItTakes() throws Exception {
        for (int i = 0; i < 3; i++) {
            String id = "split-" + i + "-" + Long.toHexString(System.nanoTime());
            CompletableFuture<RawHttp.Response> answer;
            try (Connection lock = database.connect(); Statement statement = lock.createStatement()) {
                lock.setAutoCommit(false);
                statement.execute("SELECT epoch FROM board_writer WHERE id = 1 FOR UPDATE");
                answer = CompletableFuture.supplyAsync(() -> postWithBodyAfterHeaders(server.baseUri(), id));
                Thread.sleep(800); // the post waits for this lock: its work lasts far beyond the body deadline
                assertFalse(answer.isDone(), "post " + i + " was answered before it could be stored: "
                        + (answer.isDone() ? answer.join() : ""));
                lock.commit();
            }
            RawHttp.Response response = answer.get(20, TimeUnit.SECONDS);
            assertEquals(200, response.status(), "post " + i + ": " + response.body());
            assertEquals(null, response.header("X-Chorus-Duplicate"), "a new post, stored once");
            assertTrue(response.body().contains(id), response.body());
            String all = server.client().get("/api/comments?after=0&limit=1000").body();
            assertEquals(1, all.split("\"id\":\"" + id + "\"", -1).length - 1, "acknowledged " + id + " appears once");
        }
    }

    private static RawHttp.Response postWithBodyAfterHeaders(URI base, String id) {
        byte[] body = ("{\"id\":\"" + id + "\",\"text\":\"split body\",\"username\":\"splitter\"}")
                .getBytes(StandardCharsets.UTF_8);
        String head = "POST /api/comments HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(30); // the body comes as a packet of its own, after the headers were handled
            out.write(body);
            out.flush();
            return RawHttp.read(socket.getInputStream());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
