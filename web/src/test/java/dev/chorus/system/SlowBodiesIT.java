package dev.chorus.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.support.BoardClient;
import dev.chorus.support.ChorusServer;
import dev.chorus.support.RawHttp;
import jakarta.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import dev.chorus.support.ChorusMembers;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 8: 300 connections that send a POST body one byte every 2 s. Meanwhile polls keep answering, other
 * clients' posts are accepted, and each slow connection ends with a 408 JSON error once the body deadline (here
 * 15 s) passes; the log gains no stack trace.
 *
 * <p>How the poll bound is judged fairly on a shared 2-core machine: the same loop (a poll every 20 ms, a post
 * every 10th) runs without slow bodies just before they connect and again after they are gone, and the loaded
 * p99 must be within 100 ms, or — when those baselines show the machine itself is slower (other builds) — within
 * 50 ms of the worse baseline, and never above 1 s. So a member that lets slow bodies delay polls fails on a quiet
 * machine and on a busy one, while a machine that is slow for everyone does not fail the member. (Why not a fixed
 * bound: in runs where it failed, the tail came from other builds on the two cores and from the member's G1 young
 * pauses, stretched to 60-117 ms by that load, equally with and without slow bodies; docs/performance.md.)
 * Before anything is timed, every path involved (poll, post, a body read without blocking) has run enough to be
 * compiled.
 */
class SlowBodiesIT {
    private static final int SLOW = 300;
    /** A member of its own: the test counts every message on the board. */
    @RegisterExtension
    static final ChorusMembers chorus = ChorusMembers.one().env(Map.of("CHORUS_HTTP_BODY_TIMEOUT_MILLIS", "15000",
            "CHORUS_RATE_LIMIT_PER_MINUTE", "0", "CHORUS_BOT_ENABLED", "false"));
    private static final long BOUND_MICROS = 100_000;
    private static final long OVER_BASELINE_MICROS = 50_000;
    private static final long CAP_MICROS = 1_000_000;
    private static ChorusServer server;
    private static BoardClient board;
    private static int posted;

    @BeforeAll
    static void start() {
        server = chorus.server();
        board = server.client();
    }

    @Test
    void slowBodiesCostAConnectionNotTheServer() throws Exception {
        warmUp();
        long stackLines = stackLines();
        Window before = measure(6);
        Window loaded;
        int held;
        List<RawHttp.Response> answers;
        try (SlowBodyClients slow = new SlowBodyClients(server.baseUri().getPort(), SLOW, 2_000)) {
            Thread.sleep(1_000); // all connected and trickling
            loaded = measure(10); // ends well before the first slow body's 15 s deadline
            held = slow.open();
            answers = slow.answers(30_000);
        }
        Window after = measure(6);
        int timedOut = 0;
        for (RawHttp.Response r : answers) {
            assertNotNull(r, "a slow connection was closed without an answer");
            assertEquals(408, r.status(), r.body());
            assertTrue(r.header("Content-Type").startsWith("application/json"), r.headers().toString());
            assertTrue(r.body().contains("\"error\""), r.body());
            timedOut++;
        }
        long baseline = Math.max(before.p99(), after.p99());
        long bound = Math.min(CAP_MICROS, Math.max(BOUND_MICROS, baseline + OVER_BASELINE_MICROS));
        System.out.printf("slow bodies: %d slow connections held open during the polls; polls p50/p99/max ms: before %s,"
                + " with the slow bodies %s, after %s (bound %.1f ms); %d other posts accepted; %d slow connections"
                + " ended with 408 JSON%n", held, before, loaded, after, bound / 1000.0, posted, timedOut);
        assertEquals(SLOW, held, "the slow connections were still open while polls were measured");
        assertTrue(loaded.p99() <= bound, "poll p99 " + loaded + " with " + SLOW + " slow bodies; without them "
                + before + " / " + after);
        assertTrue(loaded.posts() >= 5, "other clients' posts went through: " + loaded.posts());
        assertEquals(stackLines, stackLines(), "no stack trace logged");
        assertEquals(posted + 1, board.totalMessages(), "no slow body was stored");
    }

    /** Poll, post and the non-blocking body read compiled and their caches warm before anything is timed. */
    private static void warmUp() throws Exception {
        board.postText("before", "warm up");
        for (int i = 0; i < 300; i++) {
            board.poll(0, 50);
        }
        measure(2);
        for (int i = 0; i < 20; i++) {
            // a body that comes in two reads goes through BodyDeadlineFilter's ReadListener, like the slow ones
            try (var s = new java.net.Socket("127.0.0.1", server.baseUri().getPort())) {
                s.setSoTimeout(5_000);
                String body = "{\"id\":\"warm-" + i + "\",\"text\":\"split body\"}";
                s.getOutputStream().write(("POST /api/comments HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body.substring(0, 5))
                        .getBytes(StandardCharsets.UTF_8));
                s.getOutputStream().flush();
                Thread.sleep(20);
                s.getOutputStream().write(body.substring(5).getBytes(StandardCharsets.UTF_8));
                assertEquals(200, RawHttp.read(s.getInputStream()).status());
                posted++;
            }
        }
    }

    /** Polls of the first 50 messages for {@code seconds}, one every 20 ms, with another client's post every 10th. */
    private static Window measure(int seconds) throws Exception {
        List<Long> pollMicros = new ArrayList<>();
        int posts = 0;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            long t = System.nanoTime();
            board.poll(0, 50);
            pollMicros.add((System.nanoTime() - t) / 1_000);
            if (pollMicros.size() % 10 == 0) {
                var reply = board.post(Json.createObjectBuilder().add("id", "other-" + posted).add("text", "fast post").build());
                assertEquals(200, reply.status(), reply.body());
                posted++;
                posts++;
            }
            Thread.sleep(20);
        }
        Collections.sort(pollMicros);
        return new Window(pollMicros.get(pollMicros.size() / 2), pollMicros.get((int) Math.ceil(pollMicros.size() * 0.99) - 1),
                pollMicros.get(pollMicros.size() - 1), pollMicros.size(), posts);
    }

    /** Poll latencies of one window, in microseconds. */
    private record Window(long p50, long p99, long max, int polls, int posts) {
        @Override
        public String toString() {
            return String.format("%.1f/%.1f/%.1f (%d polls)", p50 / 1000.0, p99 / 1000.0, max / 1000.0, polls);
        }
    }

    private static long stackLines() throws Exception {
        try (var lines = Files.lines(server.log(), StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.startsWith("\tat ") || l.contains("Exception in thread")).count();
        }
    }
}
