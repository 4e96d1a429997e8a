package dev.chorus.interfaces.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.support.BoardClient;
import dev.chorus.support.ChorusServer;
import jakarta.json.Json;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import dev.chorus.domain.TestMessages;
import dev.chorus.infrastructure.persistence.jdbc.JdbcMessageRepository;
import org.h2.jdbcx.JdbcDataSource;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import dev.chorus.support.ChorusMembers;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 8: 20 subscribers that never read (raw sockets, 1 KiB receive buffers, {@code Last-Event-ID: 0}) against
 * a member at -Xmx256m with 5,000 stored messages of ~1 KB while posting continues. The member's live heap stays
 * bounded, polls answer, a reading subscriber gets every new message within a second, the bad subscribers are
 * dropped, and after they go the member serves on.
 */
class StreamBackpressureIT {
    private static final String AUTH = "Bearer " + ChorusServer.BOT_TOKEN;
    /** A member of its own, at -Xmx256m: the test measures its heap and its drop count. */
    @RegisterExtension
    static final ChorusMembers chorus = ChorusMembers.one().maxHeap("256m").env(Map.of(
            "CHORUS_RATE_LIMIT_PER_MINUTE", "0", "CHORUS_STREAM_MAX_PER_ADDRESS", "50",
            "CHORUS_STREAM_HEARTBEAT_SECONDS", "2", "CHORUS_BOT_ENABLED", "false"));
    private static ChorusServer server;
    private static BoardClient board;

    @BeforeAll
    static void start() {
        server = chorus.server();
        board = server.client();
    }

    @Test
    void subscribersThatNeverReadCannotHurtTheMember() throws Exception {
        seed(5_000);
        double heapBefore = liveHeap();
        List<Socket> bad = new ArrayList<>();
        Map<String, Long> acked = new ConcurrentHashMap<>();
        List<Long> pollMillis = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean posting = new AtomicBoolean(true);
        ExecutorService background = Executors.newFixedThreadPool(2);
        double heapMax = heapBefore;
        try (SseClient reader = SseClient.open(server.baseUri(), "", null)) {
            for (int i = 0; i < 20; i++) {
                Socket s = new Socket();
                s.setReceiveBufferSize(1024);
                s.connect(new InetSocketAddress("127.0.0.1", server.baseUri().getPort()), 5_000);
                s.getOutputStream().write(("GET /api/stream HTTP/1.1\r\nHost: t\r\nAccept: text/event-stream\r\n"
                        + "Last-Event-ID: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                bad.add(s);
            }
            Future<?> poster = background.submit(() -> {
                for (int i = 0; posting.get(); i++) {
                    String id = "live-" + i;
                    board.post(Json.createObjectBuilder().add("id", id).add("text", "live " + i).build(), Map.of("Authorization", AUTH));
                    acked.put(id, System.nanoTime());
                    sleep(100);
                }
                return null;
            });
            Future<?> poller = background.submit(() -> {
                while (posting.get()) {
                    long t = System.nanoTime();
                    board.poll(0, 50);
                    pollMillis.add((System.nanoTime() - t) / 1_000_000);
                    sleep(50);
                }
                return null;
            });
            long end = System.nanoTime() + Duration.ofSeconds(25).toNanos();
            while (System.nanoTime() < end) {
                heapMax = Math.max(heapMax, board.gauge("memory_usedHeap_bytes"));
                Thread.sleep(1_000);
            }
            double dropped = board.gauge("chorus_stream_dropped");
            double heapDuring = liveHeap();
            posting.set(false);
            poster.get();
            poller.get();

            List<SseClient.Event> events = reader.collect(got -> got.size() >= acked.size(), Duration.ofSeconds(5));
            long worst = 0;
            for (SseClient.Event e : events) {
                Long ack = acked.get(e.json().getString("id"));
                if (ack != null) {
                    worst = Math.max(worst, (e.receivedNanos() - ack) / 1_000_000);
                }
            }
            List<Long> sorted = new ArrayList<>(pollMillis);
            Collections.sort(sorted);
            long p99 = sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.99) - 1));
            System.out.printf("backpressure: live heap %.0f MB before, %.0f MB with 20 non-readers (used, incl. garbage,"
                            + " at most %.0f MB of 256); %d live messages, every one in <= %d ms"
                            + " (ack to event); %d polls p99 %d ms max %d ms; %.0f of 20 non-readers dropped%n",
                    heapBefore / 1e6, heapDuring / 1e6, heapMax / 1e6, acked.size(), worst, sorted.size(), p99, sorted.get(sorted.size() - 1), dropped);
            assertEquals(acked.size(), events.size(), "the reading subscriber got every live message");
            assertTrue(worst <= 1_000, "a live message reached the reader after " + worst + " ms");
            // Bounded, not flat: the history the 20 replay is read from the database, which fills H2's page cache
            // (64 MB by default) and the rendered-JSON cache (4 M characters); both have a fixed cap. Without the
            // fix this was an OutOfMemoryError within seconds (each non-reader queued the whole history).
            assertTrue(heapDuring < 0.85 * 256e6,
                    "live heap " + heapDuring / 1e6 + " MB of 256 (before the bad clients: " + heapBefore / 1e6 + " MB)");
            assertTrue(p99 < 1_000, "poll p99 " + p99 + " ms");
            assertEquals(20, dropped, 0.5, "every subscriber that stopped reading was dropped");
        } finally {
            posting.set(false);
            background.shutdownNow();
            for (Socket s : bad) {
                s.close();
            }
        }
        Awaitility.await("closed streams are released").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> board.gauge("chorus_stream_subscribers") < 0.5);
        double heapAfter = liveHeap();
        System.out.printf("backpressure: live heap %.0f MB after the non-readers left%n", heapAfter / 1e6);
        assertTrue(heapAfter < 0.85 * 256e6, "live heap after " + heapAfter / 1e6 + " MB");
        long total = board.totalMessages();
        long cursor = board.postText("after-1", "still serving").getJsonNumber("timestamp").longValue() - 1;
        assertEquals(total + 1, board.totalMessages());
        assertEquals("after-1", board.poll(cursor, 10).get(0).getString("id"));
        try (SseClient again = SseClient.open(server.baseUri(), "", null)) {
            board.postText("after-2", "and streaming");
            SseClient.Event e = again.next(Duration.ofSeconds(5));
            assertTrue(e != null && "after-2".equals(e.json().getString("id")), "a new stream works after the bad clients left");
        }
        assertTrue(!Files.readString(server.log()).contains("OutOfMemoryError"), "no OutOfMemoryError");
    }

    /** The member's live heap: a full GC of the PID this test started (jcmd), then the used heap. */
    private static double liveHeap() throws Exception {
        Process gc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(server.pid()), "GC.run").redirectErrorStream(true).start();
        gc.getInputStream().readAllBytes();
        assertEquals(0, gc.waitFor(), "jcmd GC.run");
        return board.gauge("memory_usedHeap_bytes");
    }

    /**
     * Stores {@code count} messages of ~1 KB. Through HTTP this took 46-87 s (every post ships the 500-message
     * window of ~1 KB messages to the replica), the longest set-up in the suite; the drill needs the history, not
     * the posting. So the member is stopped, the rows are written with the board's own insert (counts bumped in
     * the same transaction, stamped under the current writer epoch, timestamps below now), and it starts again,
     * loading its window from them as after any restart.
     */
    private static void seed(int count) throws Exception {
        long start = System.nanoTime();
        server.stop();
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + server.workDir().resolve("data/chorus") + ";WRITE_DELAY=0");
        h2.setUser("chorus");
        h2.setPassword("chorus");
        long epoch;
        try (Connection c = h2.getConnection(); Statement st = c.createStatement();
             ResultSet row = st.executeQuery("SELECT epoch FROM board_writer WHERE id = 1")) {
            assertTrue(row.next(), "the writer row");
            epoch = row.getLong(1);
        }
        JdbcMessageRepository rows = new JdbcMessageRepository(() -> h2);
        String filler = "x".repeat(950);
        long first = System.currentTimeMillis() - 10L * count;
        // H2 closes an embedded database with its last connection: this one keeps it open while the rows go in
        // (each insert takes a connection of its own), and closing it frees the file for the member.
        try (Connection open = h2.getConnection()) {
            for (int i = 0; i < count; i++) {
                assertTrue(rows.insertStamped(TestMessages.message("seed-" + i).text(i + " " + filler).username("seed")
                        .timestamp(first + 10L * i).build(), epoch, 10), "seed-" + i + " stored");
            }
        }
        server.start();
        assertEquals(count, board.totalMessages());
        System.out.printf("backpressure: %d messages stored in %.1f s%n", count, (System.nanoTime() - start) / 1e9);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
