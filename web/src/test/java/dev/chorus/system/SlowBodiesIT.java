package dev.chorus.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.support.BoardClient;
import dev.chorus.support.ChorusServer;
import dev.chorus.support.RawHttp;
import jakarta.json.Json;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import dev.chorus.support.ChorusMembers;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 8: 300 connections that send a POST body one byte every 2 s. Meanwhile polls keep answering (p99 at most
 * 100 ms), other clients' posts are accepted, and each slow connection ends with a 408 JSON error once the body
 * deadline (here 15 s) passes; the log gains no stack trace.
 */
class SlowBodiesIT {
    private static final int SLOW = 300;
    /** A member of its own: the test counts every message on the board. */
    @RegisterExtension
    static final ChorusMembers chorus = ChorusMembers.one().env(Map.of("CHORUS_HTTP_BODY_TIMEOUT_MILLIS", "15000",
            "CHORUS_RATE_LIMIT_PER_MINUTE", "0", "CHORUS_BOT_ENABLED", "false"));
    private static ChorusServer server;
    private static BoardClient board;

    @BeforeAll
    static void start() {
        server = chorus.server();
        board = server.client();
    }

    @Test
    void slowBodiesCostAConnectionNotTheServer() throws Exception {
        board.postText("before", "warm up");
        for (int i = 0; i < 300; i++) {
            board.poll(0, 50); // the poll path compiled before it is measured
        }
        long stackLines = stackLines();
        ExecutorService slow = Executors.newFixedThreadPool(SLOW);
        List<Future<RawHttp.Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < SLOW; i++) {
                int n = i;
                answers.add(slow.submit(() -> trickle(n)));
            }
            Thread.sleep(1_000); // all connected and trickling
            List<Long> pollMicros = new ArrayList<>();
            int posted = 0;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
            while (System.nanoTime() < end) {
                long t = System.nanoTime();
                board.poll(0, 50);
                pollMicros.add((System.nanoTime() - t) / 1_000);
                if (pollMicros.size() % 10 == 0) {
                    var reply = board.post(Json.createObjectBuilder().add("id", "other-" + posted).add("text", "fast post").build());
                    assertEquals(200, reply.status(), reply.body());
                    posted++;
                }
                Thread.sleep(20);
            }
            Collections.sort(pollMicros);
            long p99 = pollMicros.get((int) Math.ceil(pollMicros.size() * 0.99) - 1);
            long p50 = pollMicros.get(pollMicros.size() / 2);
            int held = 0;
            for (Future<RawHttp.Response> f : answers) {
                held += f.isDone() ? 0 : 1;
            }
            int timedOut = 0;
            for (Future<RawHttp.Response> f : answers) {
                RawHttp.Response r = f.get(30, TimeUnit.SECONDS);
                assertEquals(408, r.status(), r.body());
                assertTrue(r.header("Content-Type").startsWith("application/json"), r.headers().toString());
                assertTrue(r.body().contains("\"error\""), r.body());
                timedOut++;
            }
            System.out.printf("slow bodies: %d slow connections held open during the polls, %d polls p50 %.1f ms p99 %.1f ms,"
                    + " %d other posts accepted, %d slow connections ended with 408 JSON%n",
                    held, pollMicros.size(), p50 / 1000.0, p99 / 1000.0, posted, timedOut);
            assertEquals(SLOW, held, "the slow connections were still open while polls were measured");
            assertTrue(p99 <= 100_000, "poll p99 " + p99 / 1000.0 + " ms with " + SLOW + " slow bodies");
            assertTrue(posted >= 5, "other clients' posts went through: " + posted);
            assertEquals(stackLines, stackLines(), "no stack trace logged");
            assertEquals(posted + 1, board.totalMessages(), "no slow body was stored");
        } finally {
            slow.shutdownNow();
        }
    }

    /** One POST whose 60-byte body arrives one byte every 2 s; returns the answer the server ends it with. */
    private static RawHttp.Response trickle(int n) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", server.baseUri().getPort()), 10_000);
            s.setSoTimeout(2_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/comments HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 60\r\n\r\n{")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            var in = new java.io.BufferedInputStream(s.getInputStream());
            for (int i = 0; i < 30; i++) {
                in.mark(1);
                try {
                    if (in.read() >= 0) {
                        in.reset();
                        s.setSoTimeout(10_000);
                        return RawHttp.read(in);
                    }
                    throw new AssertionError("connection " + n + " closed without an answer");
                } catch (java.net.SocketTimeoutException quiet) {
                    out.write(' ');
                    out.flush();
                }
            }
            throw new AssertionError("connection " + n + " got no answer in 60 s");
        }
    }

    private static long stackLines() throws Exception {
        try (var lines = Files.lines(server.log(), StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.startsWith("\tat ") || l.contains("Exception in thread")).count();
        }
    }
}
