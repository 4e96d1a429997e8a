package dev.chorus.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.chorus.support.BoardClient;
import dev.chorus.support.ChorusServer;
import dev.chorus.support.Firewall;
import dev.chorus.support.GridTraffic;
import dev.chorus.support.Ports;
import dev.chorus.support.TwoMembers;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Polls under writes, for a recent window of 500 and of 5,000 messages (a full window each time):
 * <ol>
 *   <li>poll throughput and latency at 50 connections ({@code after=} answers of 50 messages, served from the
 *       window) while a writer <em>in its own process</em> posts 20 messages/s and PATCHes each, next to the
 *       ceiling: the same bytes served as a static file by the same server under the same writes; three runs,
 *       after polls and ceiling in turn until the JIT settled ({@link JitWarmUp});</li>
 *   <li>the bytes the two members of a cluster send each other per window change (iptables counters on the
 *       grid ports), and POST on member A -> visible in a poll on member B.</li>
 * </ol>
 * Run: {@code mvn -Pbenchmark verify -Dit.test=PollingBenchmark} (needs {@code wrk}; the second part needs
 * PostgreSQL and iptables, {@code -Dbenchmark.pollingOnly=true} skips it, {@code -Dbenchmark.trafficOnly=true} runs only it;
 * {@code -Dbenchmark.windows=500},
 * {@code -Dbenchmark.runs=1}, {@code -Dbenchmark.jfr=DIR} to record the member). Figures are printed and written to target/benchmark-polling.md.
 */
class PollingBenchmark {
    private static final int CONNECTIONS = 50;
    private static final int SECONDS = Integer.getInteger("benchmark.seconds", 20);
    private static final int RUNS = Integer.getInteger("benchmark.runs", 3);
    private static final int POSTS_PER_SECOND = 20;
    private static final int ANSWER = 50;
    private static final String TEXT = "a message of ordinary length for the benchmark, number %03d";

    @Test
    void pollingAgainstTheStaticCeilingAndWhatAChangeSends() throws Exception {
        assumeTrue(Files.isExecutable(Wrk.BINARY), "wrk is needed: apt-get install -y wrk");
        int[] windows = Arrays.stream(System.getProperty("benchmark.windows", "500,5000").split(","))
                .mapToInt(Integer::parseInt).toArray();
        StringBuilder report = new StringBuilder();
        try {
            for (int window : windows) {
                if (!Boolean.getBoolean("benchmark.trafficOnly")) {
                    pollThroughput(report, window);
                }
            }
            if (!Boolean.getBoolean("benchmark.pollingOnly")) {
                assumeTrue(Firewall.unavailableBecause().isEmpty(), "iptables is needed to count grid bytes");
                for (int window : windows) {
                    twoMembers(report, window);
                }
            }
        } finally { // the figures so far are kept even when a later part fails
            System.out.println(report);
            Files.writeString(Path.of(System.getProperty("chorus.microbundle")).resolveSibling("benchmark-polling.md"), report);
        }
    }

    /** Posts {@code count} messages of the benchmark's text, four at a time; ids {@code prefix-NNNN}. */
    private static void seed(BoardClient client, String prefix, int count) throws Exception {
        new ForkJoinPool(4).submit(() -> IntStream.range(0, count).parallel().forEach(i ->
                client.postText(String.format("%s-%04d", prefix, i), String.format(TEXT, i % 1000)))).get();
    }

    /**
     * Posts the answer's 60 messages (one by one, so they are the newest, in order) and returns the cursor after
     * which the next 50 are exactly those: the earliest 50 after a cursor do not change while newer posts come.
     */
    private static String freshPollPath(BoardClient client, String prefix) {
        long cursor = 0;
        for (int i = 0; i < ANSWER + 10; i++) {
            JsonObject stored = client.postText(String.format("%s-%04d", prefix, i), String.format(TEXT, i));
            if (i == 9) {
                cursor = stored.getJsonNumber("timestamp").longValue();
            }
        }
        return "/api/comments?after=" + cursor + "&limit=" + ANSWER;
    }

    private void pollThroughput(StringBuilder report, int window) throws Exception {
        Path work = Files.createTempDirectory("chorus-bench-");
        int grid = Ports.free();
        ChorusServer.Builder builder = ChorusServer.builder().workDir(work).gridPorts(grid, List.of(grid)).jvmArgs(ChorusServer.PEAK_JIT)
                .env(Map.of("CHORUS_RATE_LIMIT_PER_MINUTE", "0", "CHORUS_WINDOW_CAPACITY", String.valueOf(window)));
        if (System.getProperty("benchmark.jfr") != null) { // a directory: the measured member records itself there
            builder.jvmArgs("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                    + System.getProperty("benchmark.jfr"));
        }
        Path ceilingWar = work.resolve("ceiling.war");
        String answer;
        ChorusServer seeding = builder.build(); // stopped, not closed: its database is reused below
        {
            seeding.start();
            BoardClient client = seeding.client();
            seed(client, "fill", window); // a full window
            answer = client.get(freshPollPath(client, "seed-r0")).body();
            seeding.stop();
        }
        // The ceiling: the very bytes of a poll answer, served as a static file by the same Payara.
        ShrinkWrap.create(WebArchive.class, "ceiling.war").add(new StringAsset(answer), "poll.json")
                .as(ZipExporter.class).exportTo(ceilingWar.toFile(), true);
        report.append(String.format(Locale.ROOT, """
                ## Polling under writes (single member, H2, window of %d messages)
                %d connections, %d s each; the writer (its own JVM) posts %d/s and PATCHes each; answer %d bytes (%d messages)

                | run | `GET after=…&limit=50` req/s | p50 ms | p99 ms | static ceiling req/s | p50 ms | p99 ms | share | posts+PATCHes | non-2xx |
                |---|---|---|---|---|---|---|---|---|---|
                """, window, CONNECTIONS, SECONDS, POSTS_PER_SECOND, answer.getBytes(StandardCharsets.UTF_8).length, ANSWER));
        try (ChorusServer server = builder.args("--deploy", ceilingWar.toString()).build()) {
            server.start();
            String base = server.baseUri().toString();
            assertEquals(answer.length(), server.client().get("/ceiling/poll.json").body().length());
            String warmPath = freshPollPath(server.client(), "seed-w");
            String warmUp = JitWarmUp.untilSettled(20, () -> new double[] {
                Wrk.run(base + warmPath, CONNECTIONS, 10).requestsPerSecond(),
                Wrk.run(base + "/ceiling/poll.json", CONNECTIONS, 10).requestsPerSecond()});
            for (int run = 1; run <= RUNS; run++) {
                String pollPath = freshPollPath(server.client(), "seed-r" + run);
                assertEquals(answer.length(), server.client().get(pollPath).body().length(),
                        "the poll answers as many bytes as the ceiling");
                Wrk.run(base + pollPath, CONNECTIONS, 5); // this run's answer, after the JIT settled (above)
                Wrk.run(base + "/ceiling/poll.json", CONNECTIONS, 5);
                Wrk.Result poll;
                Wrk.Result ceiling;
                long[] writes;
                try (WriterProcess writer = WriterProcess.start(server.baseUri(), POSTS_PER_SECOND, "bench-r" + run)) {
                    Thread.sleep(3_000); // the writer's own JVM start must not fall in the first measured run
                    poll = Wrk.run(base + pollPath, CONNECTIONS, SECONDS);
                    ceiling = Wrk.run(base + "/ceiling/poll.json", CONNECTIONS, SECONDS);
                    writes = writer.stop();
                }
                assertEquals(0, writes[1], "background posts and PATCHes all succeed");
                // two wrk runs of SECONDS each under the writer: at least 80% of its rate, or the writes were not the load
                assertTrue(writes[0] >= 0.8 * 2 * POSTS_PER_SECOND * SECONDS, "the writer kept its rate: " + writes[0]);
                assertEquals(answer.length(), server.client().get(pollPath).body().length(), "the same answer throughout");
                report.append(String.format(Locale.ROOT, "| %d | %.0f | %.2f | %.2f | %.0f | %.2f | %.2f | **%.0f%%** | %d | %d |%n",
                        run, poll.requestsPerSecond(), poll.p50Millis(), poll.p99Millis(), ceiling.requestsPerSecond(),
                        ceiling.p50Millis(), ceiling.p99Millis(), 100 * poll.requestsPerSecond() / ceiling.requestsPerSecond(),
                        writes[0], poll.non2xx() + ceiling.non2xx()));
            }
            report.append("\nWarm-up before the runs, without the writer (polls/s / ceiling req/s, 10 s each): ")
                    .append(warmUp).append("\n\n");
        }
    }

    /** Bytes between two members per window change, then cross-member visibility (window of 500 only). */
    private void twoMembers(StringBuilder report, int window) throws Exception {
        try (TwoMembers cluster = TwoMembers.start(Map.of("CHORUS_WINDOW_CAPACITY", String.valueOf(window)),
                ChorusServer.PEAK_JIT);
             GridTraffic traffic = new GridTraffic(List.of(cluster.a().gridPort(), cluster.b().gridPort()))) {
            BoardClient onA = cluster.a().client();
            BoardClient onB = cluster.b().client();
            seed(onA, "fill", window);
            for (int i = 0; i < 50; i++) { // warm-up
                visibleAfter(onA, onB, "warm-" + i);
            }
            int posts = 200;
            traffic.reset();
            for (int i = 0; i < posts; i++) {
                String id = String.format("traffic-%04d", i);
                onA.postText(id, String.format(TEXT, i));
                assertEquals(200, onA.patchProcessed(id, true, ChorusServer.BOT_TOKEN).status());
            }
            long bytes = traffic.bytes();
            report.append(String.format(Locale.ROOT, """
                    ## Bytes between two members per post (two members, PostgreSQL, window of %d messages)
                    %d posts on A, each PATCHed on A (three window changes: stamp, commit, the PATCH's replace), one at a time;
                    every byte on either member's grid port, both directions (iptables counters)

                    | grid bytes | per post | per window change (÷ 3) |
                    |---|---|---|
                    | %d | %.0f | %.0f |

                    """, window, posts, bytes, (double) bytes / posts, bytes / (3.0 * posts)));
            if (window == 500) {
                crossMemberVisibility(report, onA, onB);
            }
        }
    }

    private void crossMemberVisibility(StringBuilder report, BoardClient onA, BoardClient onB) throws Exception {
        int samples = 300;
        double[] millis = new double[samples];
        for (int i = 0; i < samples; i++) {
            millis[i] = visibleAfter(onA, onB, "cross-" + i);
            Thread.sleep(1000 / POSTS_PER_SECOND);
        }
        Arrays.sort(millis);
        report.append(String.format(Locale.ROOT, """
                ## POST on member A -> visible in a poll on member B (two members, PostgreSQL)
                %d posts at about %d/s; time from A's 2xx until B's `after=` poll returns the message (B polled in a loop)

                | p50 ms | p99 ms | max ms |
                |---|---|---|
                | %.2f | %.2f | %.2f |

                """, samples, POSTS_PER_SECOND, millis[samples / 2], millis[(int) Math.ceil(samples * 0.99) - 1],
                millis[samples - 1]));
    }

    /** Posts on A, then polls B until the message shows; returns the milliseconds from A's answer to B's. */
    private static double visibleAfter(BoardClient onA, BoardClient onB, String id) {
        JsonObject stored = onA.post(Json.createObjectBuilder().add("id", id).add("text", "cross-member " + id).build(),
                Map.of("Authorization", "Bearer " + ChorusServer.BOT_TOKEN)).json();
        long acknowledged = System.nanoTime();
        long cursor = stored.getJsonNumber("timestamp").longValue() - 1;
        while (true) {
            List<JsonObject> found = onB.poll(cursor, 5);
            if (found.stream().anyMatch(m -> m.getString("id").equals(id))) {
                return (System.nanoTime() - acknowledged) / 1e6;
            }
            if ((System.nanoTime() - acknowledged) > 10_000_000_000L) {
                throw new AssertionError(id + " not visible on B within 10 s");
            }
        }
    }
}
