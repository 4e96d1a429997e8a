package dev.chorus.interfaces.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chorus.support.BoardClient;
import dev.chorus.support.ChorusServer;
import dev.chorus.support.Ports;
import dev.chorus.support.StreamLoadClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, ten thousand live readers: {@code benchmark.readers} (10,000) {@code GET /api/stream} connections on
 * one member (H2, {@code -Xmx512m}), held by {@link StreamLoadClient} in this JVM; posts at 2/s; for each post,
 * the time from sending it until it reached each reader (p50/p99/max over every reader and post), and the
 * member's heap. Then the same with {@code benchmark.stalled} (500) of the readers replaced by connections that
 * ask for the whole history ({@code Last-Event-ID: 0}, {@value #HISTORY} stored messages) and never read it.
 * Run: {@code mvn -Pbenchmark verify -Dit.test=StreamFanoutBenchmark}; figures printed and written to
 * target/benchmark-fanout.md.
 */
class StreamFanoutBenchmark {
    private static final int READERS = Integer.getInteger("benchmark.readers", 10_000);
    private static final int STALLED = Integer.getInteger("benchmark.stalled", 500);
    private static final int HISTORY = 2_000;
    private static final int WARM_UP = 5;
    private static final int POSTS = 30;

    @Test
    void aPostReachesTenThousandReaders() throws Exception {
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT, """
                ## Live readers on one member (H2, -Xmx512m)
                %d stream connections held by one NIO client thread in the benchmark's JVM; %d posts at 2/s after %d
                warm-up posts; latency from sending the POST until its event was read, over every reader and post.

                | run | readers | stalled (Last-Event-ID: 0, never read) | p50 ms | p99 ms | max ms | missing | member heap after GC |
                |---|---|---|---|---|---|---|---|
                """, READERS, POSTS, WARM_UP));
        Path work = Files.createTempDirectory("chorus-fanout-");
        int grid = Ports.free();
        try (ChorusServer server = ChorusServer.builder().workDir(work).gridPorts(grid, List.of(grid)).maxHeap("512m")
                // A 2 s heartbeat finds the first phase's closed connections soon (a stream learns of a close only
                // when it writes), so the second phase does not start beside 10,000 dead ones: with this machine's
                // 20,000 file descriptors per process, it could then not even accept its connections.
                .env(Map.of("CHORUS_RATE_LIMIT_PER_MINUTE", "0", "CHORUS_BOT_ENABLED", "false",
                        "CHORUS_STREAM_HEARTBEAT_SECONDS", "2",
                        "CHORUS_STREAM_MAX_SUBSCRIBERS", String.valueOf(READERS + STALLED),
                        "CHORUS_STREAM_MAX_PER_ADDRESS", String.valueOf(READERS + STALLED)))
                .build()) {
            server.start();
            BoardClient client = server.client();
            seed(client);
            int marker = 0;
            marker = run(server, client, report, "all reading", READERS, 0, marker);
            long closing = System.nanoTime();
            while (client.gauge("chorus_stream_subscribers") > 0 && System.nanoTime() - closing < 60_000_000_000L) {
                Thread.sleep(200);
            }
            assertEquals(0.0, client.gauge("chorus_stream_subscribers"), "the first phase's streams were closed");
            run(server, client, report, "some never read", READERS - STALLED, STALLED, marker);
        } finally {
            System.out.println(report);
            Files.writeString(Path.of(System.getProperty("chorus.microbundle")).resolveSibling("benchmark-fanout.md"),
                    report);
        }
    }

    private static void seed(BoardClient client) throws Exception {
        ExecutorService posters = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            done.add(posters.submit(() -> {
                for (int i = thread; i < HISTORY; i += 4) {
                    client.postText(String.format("history-%05d", i), "history message of ordinary length, "
                            + "the kind a board holds by the thousand, number " + i);
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        posters.shutdown();
    }

    /** One run: opens the connections, posts, measures; returns the next free marker number. */
    private static int run(ChorusServer server, BoardClient client, StringBuilder report, String label, int readers,
                           int stalled, int firstMarker) throws Exception {
        int markers = firstMarker + WARM_UP + POSTS;
        long opening = System.nanoTime();
        try (StreamLoadClient load = new StreamLoadClient(server.baseUri(), readers, stalled, markers)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (load.subscribed() + load.refused() < readers && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(readers, load.subscribed(), "every reader subscribed (refused: " + load.refused() + ")");
            System.out.printf(Locale.ROOT, "%s: %d readers subscribed in %.1f s%n", label, readers,
                    (System.nanoTime() - opening) / 1e9);
            long[] sent = new long[markers];
            int k = firstMarker;
            for (int i = 0; i < WARM_UP + POSTS; i++, k++) {
                long slot = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
                sent[k] = System.nanoTime();
                client.postText("fanout-" + label.replace(' ', '-') + "-" + k, StreamLoadClient.marker(k)
                        + " a post every reader should see within half a second");
                long wait = slot - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            Thread.sleep(5_000); // late arrivals still count (and show in max), missing ones are reported
            List<Long> latencies = new ArrayList<>();
            long missing = 0;
            // Each post's own p99, in posting order: shows whether a phase is slow all along or only at times
            // (the non-readers' first rounds and their drops come in the first seconds).
            StringBuilder perPost = new StringBuilder(label + ": each post's p99 ms:");
            for (int m = firstMarker + WARM_UP; m < markers; m++) {
                List<Long> post = new ArrayList<>();
                for (long arrived : load.arrivals(m)) {
                    if (arrived == 0) {
                        missing++;
                    } else {
                        post.add(arrived - sent[m]);
                    }
                }
                latencies.addAll(post);
                perPost.append(String.format(Locale.ROOT, " %.0f",
                        percentile(post.stream().mapToLong(Long::longValue).sorted().toArray(), 0.99)));
            }
            System.out.println(perPost);
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            String heap = heapAfterGc(server);
            report.append(String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %.1f | %.1f | %d | %s |%n", label,
                    readers, stalled, percentile(sorted, 0.50), percentile(sorted, 0.99),
                    sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6, missing, heap));
            System.out.println(report);
        }
        return markers;
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    /** The member's heap after a full collection, as the report shows it. */
    private static String heapAfterGc(ChorusServer server) throws IOException, InterruptedException {
        return String.format(Locale.ROOT, "%d MB used of 512 MB", server.heapAfterGcMb());
    }
}
