package dev.chorus.bot;

import static dev.chorus.bot.BotFixtures.postPersona;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.chorus.support.BoardClient;
import dev.chorus.support.ChorusServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bot benchmark (not a test; run with {@code mvn -Pbenchmark verify -Dit.test=BotBenchmark}): one member, three
 * OpenAI-compatible stubs with 2 slots each.
 * <ol>
 *   <li>Dispatch latency when idle: POST of a persona message -> the stub receives the completion request
 *       (p50/p99 over 200 messages sent one at a time; target p99 <= 50 ms).</li>
 *   <li>Throughput: 240 messages at once, 500 ms per completion, 6 slots: replies/s against the limit
 *       slots / latency = 12/s (target >= 90%).</li>
 * </ol>
 */
class BotBenchmark {
    private static final List<LlmStub> stubs = new ArrayList<>();
    private static Path dir;
    private static ChorusServer server;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("chorus-bot-bench-");
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            LlmStub stub = LlmStub.start(0);
            stubs.add(stub);
            urls.add(stub.baseUrl().toString());
        }
        server = ChorusServer.single(BotFixtures.env(BotFixtures.entitiesFile(dir, "echo-model"), String.join(",", urls),
                Map.of("CHORUS_LLM_SLOTS_PER_SERVER", "2"))).start();
    }

    @AfterAll
    static void stop() throws Exception {
        BotFixtures.tearDown(null, server);
        BotFixtures.tearDown(dir, stubs.toArray(new AutoCloseable[0]));
    }

    @Test
    void dispatchLatencyAndThroughput() throws Exception {
        BoardClient client = server.client();
        // warm-up
        List<String> warm = IntStream.range(0, 30).mapToObj(i -> "warm-" + i).toList();
        for (String id : warm) {
            postPersona(client, id, "echo", "warm up " + id);
        }
        BotFixtures.awaitSettled(client, warm, Duration.ofSeconds(60));

        int n = 200;
        Map<String, Long> postedAt = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String id = "lat-" + i;
            int before = stubs.stream().mapToInt(LlmStub::completionRequests).sum();
            postedAt.put("marker " + id + " end", System.currentTimeMillis());
            postPersona(client, id, "echo", "marker " + id + " end");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (stubs.stream().mapToInt(LlmStub::completionRequests).sum() == before && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            Thread.sleep(20); // idle between messages: the reply is posted and completed
        }
        List<Long> latencies = new ArrayList<>();
        for (LlmStub stub : stubs) {
            for (ServeEvent event : stub.wireMock().getAllServeEvents()) {
                String body = event.getRequest().getBodyAsString();
                for (var posted : postedAt.entrySet()) {
                    if (body.contains(posted.getKey())) {
                        latencies.add(event.getRequest().getLoggedDate().getTime() - posted.getValue());
                    }
                }
            }
        }
        Collections.sort(latencies);
        System.out.printf("BENCH bot dispatch latency POST->stub (ms, n=%d): p50=%d p90=%d p99=%d max=%d%n",
                latencies.size(), pct(latencies, 50), pct(latencies, 90), pct(latencies, 99),
                latencies.get(latencies.size() - 1));

        for (LlmStub stub : stubs) {
            stub.reply(500);
        }
        int m = 240;
        List<String> ids = IntStream.range(0, m).mapToObj(i -> "tp-" + i).toList();
        long start = System.nanoTime();
        for (String id : ids) {
            postPersona(client, id, "echo", "throughput " + id);
        }
        BotFixtures.awaitSettled(client, ids, Duration.ofSeconds(120));
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = m / seconds;
        double limit = 6 / 0.5;
        System.out.printf("BENCH bot throughput: %d replies in %.2f s = %.2f replies/s; limit slots/latency = %.1f/s -> %.0f%%%n",
                m, seconds, rate, limit, 100 * rate / limit);
    }

    private static long pct(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
