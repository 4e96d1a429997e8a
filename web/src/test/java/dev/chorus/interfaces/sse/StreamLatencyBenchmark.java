package dev.chorus.interfaces.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.support.BoardClient;
import dev.chorus.support.ChorusServer;
import dev.chorus.support.TwoMembers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Live-push latency across members: a POST on member A until the event is read by an SSE subscriber on member B
 * (two members on loopback, one PostgreSQL). {@value #POSTS} measured posts at about {@value #PER_SECOND}/s after
 * {@value #WARM_UP} warm-up posts. Run only with {@code mvn -Pbenchmark verify -Dit.test=StreamLatencyBenchmark};
 * prints p50/p95/p99/max, measured from sending the POST and from its 2xx answer.
 */
class StreamLatencyBenchmark {
    static final int POSTS = Integer.getInteger("chorus.bench.posts", 500);
    static final int PER_SECOND = Integer.getInteger("chorus.bench.rate", 20);
    static final int WARM_UP = 50;

    private static TwoMembers cluster;
    private static ChorusServer a;
    private static ChorusServer b;

    @BeforeAll
    static void start() throws Exception {
        cluster = TwoMembers.start(Map.of());
        a = cluster.a();
        b = cluster.b();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void postOnAToEventOnB() throws Exception {
        BoardClient onA = a.client();
        Map<String, Long> sent = new ConcurrentHashMap<>();
        Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        long interval = TimeUnit.SECONDS.toNanos(1) / PER_SECOND;
        int total = WARM_UP + POSTS;
        try (SseClient stream = SseClient.open(b.baseUri(), null, null)) {
            StreamIT.awaitComment(stream, "connected", Duration.ofSeconds(5));
            long next = System.nanoTime();
            for (int i = 0; i < total; i++) {
                String id = "bench-" + i;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                next += interval;
                sent.put(id, System.nanoTime());
                onA.postText(id, "latency probe " + i);
                acknowledged.put(id, System.nanoTime());
            }
            List<SseClient.Event> events = stream.collect(got -> got.size() >= total, Duration.ofSeconds(60));
            assertEquals(total, events.size(), "every post arrived on B");
            List<Long> fromSend = new ArrayList<>();
            List<Long> fromAck = new ArrayList<>();
            for (SseClient.Event event : events) {
                String id = event.json().getString("id");
                int n = Integer.parseInt(id.substring("bench-".length()));
                if (n < WARM_UP) {
                    continue;
                }
                fromSend.add(event.receivedNanos() - sent.get(id));
                fromAck.add(Math.max(0, event.receivedNanos() - acknowledged.get(id)));
            }
            String report = "StreamLatencyBenchmark: " + POSTS + " posts at " + PER_SECOND + "/s (after " + WARM_UP
                    + " warm-up), POST on A -> SSE event on B\n"
                    + "  from POST sent:   " + summary(fromSend) + "\n"
                    + "  from POST 2xx:    " + summary(fromAck) + "\n"
                    + "  cores: " + Runtime.getRuntime().availableProcessors();
            System.out.println(report);
            assertTrue(percentile(fromSend, 99) <= TimeUnit.MILLISECONDS.toNanos(100),
                    "p99 POST -> event on the other member above 100 ms: " + summary(fromSend));
        }
    }

    static String summary(List<Long> nanos) {
        return String.format("p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms (n=%d)",
                ms(percentile(nanos, 50)), ms(percentile(nanos, 95)), ms(percentile(nanos, 99)),
                ms(percentile(nanos, 100)), nanos.size());
    }

    static long percentile(List<Long> values, double p) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }
}
