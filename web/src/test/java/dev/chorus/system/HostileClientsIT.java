package dev.chorus.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.support.BoardClient;
import dev.chorus.support.ChorusServer;
import dev.chorus.support.RawHttp;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import dev.chorus.support.ChorusMembers;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The hostile suite (issue 8) against one real member: every request of {@link HostileRequests} gets its status
 * and a JSON error with a message (never HTML, an empty body, a stack trace or a version), nothing is stored,
 * the stats do not move and the log gains no stack trace. Then the protections that already held: the
 * per-address stream limit, a slow body's 408, idempotency under 30 concurrent posts, the rate limit against
 * forwarded headers, Origin and domain, operator-only details, the page's security headers.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileClientsIT {
    /** A member of its own: the test exhausts its limits and reads its logs and counts. */
    @RegisterExtension
    static final ChorusMembers chorus = ChorusMembers.one().env(Map.of("CHORUS_MANAGEMENT_ADDRESS", "none",
            "CHORUS_STREAM_MAX_PER_ADDRESS", "3", "CHORUS_HTTP_BODY_TIMEOUT_MILLIS", "2000",
            "CHORUS_HTTP_HEADER_TIMEOUT_MILLIS", "2000", "CHORUS_RATE_LIMIT_PER_MINUTE", "10",
            "CHORUS_TRUSTED_PROXIES", ""));
    private static ChorusServer server;
    private static BoardClient board;

    @BeforeAll
    static void start() {
        server = chorus.server();
        board = server.client();
    }

    @Test
    @Order(1)
    void everyHostileRequestGetsAJsonErrorAndStoresNothing() throws Exception {
        long before = board.totalMessages();
        long stackLinesBefore = stackTraceLines();
        List<HostileRequests.Case> cases = HostileRequests.all();
        assertTrue(cases.size() >= 150, "the suite sends " + cases.size() + " requests");
        List<String> wrong = new ArrayList<>();
        for (HostileRequests.Case c : cases) {
            RawHttp.Response reply = RawHttp.exchange(server.baseUri(), c.request(), 15_000);
            String problem = check(c, reply);
            if (problem != null) {
                wrong.add(c.name() + ": " + problem);
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " of " + cases.size() + " wrong:\n" + String.join("\n", wrong));
        assertEquals(before, board.totalMessages(), "stats unchanged");
        assertEquals(0, board.poll(0, 1000).size(), "nothing stored");
        assertEquals(stackLinesBefore, stackTraceLines(), "no stack trace logged:\n" + server.logTail());
    }

    private static String check(HostileRequests.Case c, RawHttp.Response reply) {
        if (reply.status() != c.status()) {
            return "status " + reply.status() + " (wanted " + c.status() + ") " + reply.body();
        }
        String type = String.valueOf(reply.header("Content-Type"));
        if (!type.startsWith("application/json")) {
            return "Content-Type " + type + ": " + reply.body();
        }
        JsonObject json;
        try {
            json = Json.createReader(new StringReader(reply.body())).readObject();
        } catch (RuntimeException e) {
            return "not a JSON object: " + reply.body();
        }
        if (json.getString("error", "").isBlank()) {
            return "no message: " + reply.body();
        }
        if (c.field() != null && !c.field().equals(json.getString("field", null))) {
            return "field " + json.getString("field", null) + " (wanted " + c.field() + ")";
        }
        if (reply.header("Server") != null && !"chorus".equals(reply.header("Server"))) {
            return "Server header " + reply.header("Server");
        }
        String all = reply.body() + reply.headers();
        for (String leak : List.of("Payara", "GlassFish", "Grizzly", "Jersey", "Exception", "\tat ", "<html")) {
            if (all.contains(leak)) {
                return "discloses " + leak + ": " + all;
            }
        }
        return null;
    }

    private static long stackTraceLines() throws Exception {
        try (var lines = Files.lines(server.log(), StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.startsWith("\tat ") || l.contains("Exception:")).count();
        }
    }

    @Test
    @Order(2)
    void theStreamLimitPerAddressAnswers503WithRetryAfter() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Socket s = new Socket("127.0.0.1", server.baseUri().getPort());
                s.getOutputStream().write(HostileRequests.get("/api/stream", "Accept: text/event-stream\r\n"));
                held.add(s);
                s.setSoTimeout(10_000);
                String status = firstLine(s.getInputStream());
                assertTrue(status.startsWith("HTTP/1.1 200"), status);
            }
            RawHttp.Response full = RawHttp.exchange(server.baseUri(), HostileRequests.get("/api/stream", ""), 10_000);
            assertEquals(503, full.status(), full.body());
            assertEquals("10", full.header("Retry-After"));
            assertTrue(full.header("Content-Type").startsWith("application/json"));
            assertTrue(full.body().contains("Too many live connections"), full.body());
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    private static String firstLine(java.io.InputStream in) throws java.io.IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            line.append((char) b);
        }
        return line.toString().trim();
    }

    @Test
    @Order(3)
    void aSlowBodyEndsWith408Json() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.baseUri().getPort())) {
            s.setSoTimeout(15_000);
            s.getOutputStream().write(HostileRequests.bytes("POST /api/comments HTTP/1.1\r\nHost: t\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 40\r\n\r\n{\"te"));
            long start = System.nanoTime();
            RawHttp.Response reply = RawHttp.read(s.getInputStream());
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(408, reply.status(), reply.body());
            assertTrue(reply.body().contains("did not arrive in time"), reply.body());
            assertTrue(millis >= 1_500 && millis < 10_000, "answered after " + millis + " ms");
        }
    }

    @Test
    @Order(3)
    void headersTrickledPastTheirDeadlineEndWith408JsonAndClose() throws Exception {
        long before = board.totalMessages();
        try (Socket s = new Socket("127.0.0.1", server.baseUri().getPort())) {
            s.setSoTimeout(500);
            var out = s.getOutputStream();
            // A POST whose headers come one byte every 400 ms: every gap is far below the container's idle
            // timeout (20 s), so only a total deadline (here 2 s) ends it.
            byte[] request = HostileRequests.bytes("POST /api/comments HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 13\r\n\r\n{\"text\":\"x\"}");
            long start = System.nanoTime();
            RawHttp.Response reply = null;
            for (int i = 0; i < request.length && reply == null; i++) {
                out.write(request[i]);
                out.flush();
                try {
                    int first = s.getInputStream().read();
                    assertTrue(first >= 0, "closed without an answer after " + i + " bytes");
                    s.setSoTimeout(5_000);
                    reply = RawHttp.read(new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(new byte[] {(byte) first}),
                            s.getInputStream()));
                } catch (java.net.SocketTimeoutException quiet) {
                    // no answer yet: the next byte
                }
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertNotNull(reply, "headers sent whole over " + millis + " ms without an answer");
            assertEquals(408, reply.status(), reply.body());
            assertTrue(reply.header("Content-Type").startsWith("application/json"), reply.headers().toString());
            assertTrue(reply.body().contains("request headers did not arrive in time"), reply.body());
            assertEquals("close", reply.header("Connection"));
            assertEquals("chorus", reply.header("Server"));
            assertTrue(millis >= 1_800 && millis < 6_000, "answered after " + millis + " ms");
            s.setSoTimeout(5_000);
            assertEquals(-1, s.getInputStream().read(), "the connection is closed after the 408");
        }
        assertEquals(before, board.totalMessages(), "nothing stored");
    }

    @Test
    @Order(3)
    void theHeaderDeadlineStartsAtTheRequestsFirstByteNotAtTheLastResponse() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.baseUri().getPort())) {
            s.setSoTimeout(5_000);
            byte[] stats = HostileRequests.bytes("GET /api/stats HTTP/1.1\r\nHost: t\r\n\r\n");
            s.getOutputStream().write(stats);
            assertEquals(200, RawHttp.read(s.getInputStream()).status());
            Thread.sleep(3_000); // a keep-alive connection idle for longer than the header deadline
            s.getOutputStream().write(java.util.Arrays.copyOf(stats, 10));
            Thread.sleep(1_000); // headers split over two reads, together within the deadline
            s.getOutputStream().write(java.util.Arrays.copyOfRange(stats, 10, stats.length));
            RawHttp.Response second = RawHttp.read(s.getInputStream());
            assertEquals(200, second.status(), second.body());
        }
    }

    @Test
    @Order(4)
    void thirtyConcurrentPostsOfOneIdStoreOneMessageAndTheRepeatHasNoContext() throws Exception {
        long before = board.totalMessages();
        JsonObject message = Json.createObjectBuilder().add("id", "same-id").add("text", "once")
                .add("context", Json.createArrayBuilder().add("secret: line")).build();
        ExecutorService pool = Executors.newFixedThreadPool(30);
        try {
            List<Future<BoardClient.Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                replies.add(pool.submit(() -> board.post(message, Map.of("Authorization", "Bearer " + ChorusServer.BOT_TOKEN))));
            }
            for (Future<BoardClient.Reply> reply : replies) {
                assertEquals(200, reply.get().status(), reply.get().body());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(before + 1, board.totalMessages());
        BoardClient.Reply repeat = board.post(message);
        assertEquals("true", repeat.header("X-Chorus-Duplicate"));
        assertNull(repeat.json().get("context"), "a duplicate answers without context: " + repeat.body());
    }

    @Test
    @Order(5)
    void theRateLimitIsNotBypassedByForwardedHeadersOriginOrDomain() {
        long before = board.totalMessages();
        int accepted = 0;
        int limited = 0;
        for (int i = 0; i < 16; i++) {
            JsonObject post = Json.createObjectBuilder().add("id", "rl-" + i).add("text", "post " + i)
                    .add("domain", "d" + i + ".example").build();
            BoardClient.Reply reply = board.post(post, Map.of("X-Forwarded-For", "10.9.8." + i, "X-Real-IP", "10.1.1." + i,
                    "Forwarded", "for=10.2.2." + i, "Origin", "https://o" + i + ".example"));
            if (reply.status() == 200) {
                accepted++;
            } else {
                assertEquals(429, reply.status(), reply.body());
                assertNotNull(reply.header("Retry-After"));
                assertFalse(reply.json().getString("error").isBlank());
                limited++;
            }
        }
        assertEquals(10, accepted, "10 posts per minute per address, whatever the headers say");
        assertEquals(6, limited);
        assertEquals(before + 10, board.totalMessages());
    }

    @Test
    @Order(6)
    void healthShowsStatusToAnyoneAndDetailsToOperators() {
        BoardClient.Reply open = board.get("/health/ready");
        assertEquals(200, open.status(), open.body());
        assertTrue(open.body().contains("\"grid\"") && open.body().contains("\"UP\""), open.body());
        assertFalse(open.body().contains("http://") || open.body().contains("server0") || open.body().contains("error"), open.body());
        BoardClient.Reply detailed = board.send(board.request("/health/ready")
                .header("Authorization", "Bearer " + ChorusServer.BOT_TOKEN).GET());
        assertTrue(detailed.body().contains("server0") && detailed.body().contains("totalMessages"), detailed.body());
        assertEquals(200, board.get("/health/live").status());
        BoardClient.Reply metrics = board.send(board.request("/metrics")
                .header("Authorization", "Bearer " + ChorusServer.BOT_TOKEN).GET());
        assertEquals(200, metrics.status());
        assertTrue(metrics.body().contains("memory_usedHeap_bytes") && metrics.body().contains("chorus_posts_total"));
    }

    @Test
    @Order(7)
    void thePageAndEveryAnswerCarryTheSecurityHeaders() {
        for (String path : List.of("/", "/index.html", "/js/main.js", "/css/base.css", "/api/stats", "/nope")) {
            BoardClient.Reply reply = board.get(path);
            String csp = reply.header("Content-Security-Policy");
            assertNotNull(csp, path);
            assertTrue(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), csp);
            assertFalse(csp.contains("unsafe-inline"), csp);
            assertEquals("nosniff", reply.header("X-Content-Type-Options"), path);
            assertNotNull(reply.header("Referrer-Policy"), path);
            assertEquals("chorus", reply.header("Server"), path);
            assertNull(reply.header("X-Powered-By"), path);
        }
        assertTrue(board.get("/").body().contains("<script type=\"module\" src=\"js/main.js\""));
    }
}
