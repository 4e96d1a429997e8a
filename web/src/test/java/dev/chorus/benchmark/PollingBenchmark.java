package dev.chorus.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.chorus.support.BoardClient;
import dev.chorus.support.ChorusServer;
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
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Poll throughput and latency at 50 connections ({@code after=} answers of 50 messages) while 20 posts/s and
 * their PATCHes run, next to the ceiling: the same bytes served as a static file by the same server. Then
 * POST on member A -> visible in a poll on member B. Run: {@code mvn -Pbenchmark verify -Dit.test=PollingBenchmark}
 * (needs {@code wrk}; the cross-member part needs PostgreSQL, {@code -Dbenchmark.pollingOnly=true} skips it). Figures are printed and written to
 * target/benchmark-polling.md.
 */
class PollingBenchmark {
    private static final int CONNECTIONS = 50;
    private static final int SECONDS = Integer.getInteger("benchmark.seconds", 20);
    private static final int POSTS_PER_SECOND = 20;

    @Test
    void pollingAgainstTheStaticCeilingAndCrossMemberVisibility() throws Exception {
        assumeTrue(Files.isExecutable(Wrk.BINARY), "wrk is needed: apt-get install -y wrk");
        StringBuilder report = new StringBuilder();
        try {
            pollThroughput(report);
            // -Dbenchmark.pollingOnly=true skips the two-member part (it needs PostgreSQL).
            if (!Boolean.getBoolean("benchmark.pollingOnly")) {
                crossMemberVisibility(report);
            }
        } finally { // the polling figures are kept even when the cross-member part fails
            System.out.println(report);
            Files.writeString(Path.of(System.getProperty("chorus.microbundle")).resolveSibling("benchmark-polling.md"), report);
        }
    }

    private void pollThroughput(StringBuilder report) throws Exception {
        Path work = Files.createTempDirectory("chorus-bench-");
        int grid = Ports.free();
        ChorusServer.Builder builder = ChorusServer.builder().workDir(work).gridPorts(grid, List.of(grid))
                .env(Map.of("CHORUS_RATE_LIMIT_PER_MINUTE", "0"));
        Path ceilingWar = work.resolve("ceiling.war");
        String pollPath;
        String answer;
        ChorusServer seeding = builder.build(); // stopped, not closed: its database is reused below
        {
            seeding.start();
            BoardClient client = seeding.client();
            for (int i = 0; i < 60; i++) {
                client.postText(String.format("seed-%03d", i), "a message of ordinary length for the benchmark, number " + i);
            }
            pollPath = "/api/comments?after=0&limit=50";
            answer = client.get(pollPath).body();
            assertEquals(50, client.poll(0, 50).size());
            seeding.stop();
        }
        // The ceiling: the very bytes of the poll answer, served as a static file by the same Payara.
        ShrinkWrap.create(WebArchive.class, "ceiling.war").add(new StringAsset(answer), "poll.json")
                .as(ZipExporter.class).exportTo(ceilingWar.toFile(), true);
        try (ChorusServer server = builder.args("--deploy", ceilingWar.toString()).build()) {
            // close() would delete the work dir with the database: keep it for the restart, delete at the end.
            server.start();
            String base = server.baseUri().toString();
            assertEquals(answer.length(), server.client().get("/ceiling/poll.json").body().length());
            Wrk.run(base + pollPath, CONNECTIONS, 5); // warm-up
            Wrk.run(base + "/ceiling/poll.json", CONNECTIONS, 5);
            Wrk.Result poll;
            Wrk.Result ceiling;
            long writes;
            try (BackgroundWriter writer = new BackgroundWriter(server.client(), POSTS_PER_SECOND, "bench")) {
                poll = Wrk.run(base + pollPath, CONNECTIONS, SECONDS);
                ceiling = Wrk.run(base + "/ceiling/poll.json", CONNECTIONS, SECONDS);
                writes = writer.written();
                assertEquals(0, writer.failed(), "background posts and PATCHes all succeed");
            }
            assertEquals(50, server.client().poll(0, 50).size(), "the answer was 50 messages throughout");
            report.append(String.format(Locale.ROOT, """
                    ## Polling (single member, H2)
                    %d connections, %d s each, while %d posts/s and their PATCHes ran (%d written), answer %d bytes (50 messages)

                    | what | requests/s | p50 ms | p99 ms | non-2xx |
                    |---|---|---|---|---|
                    | `GET %s` | %.0f | %.2f | %.2f | %d |
                    | static file of the same bytes (ceiling) | %.0f | %.2f | %.2f | %d |

                    Polling reaches **%.0f%%** of the ceiling.

                    """, CONNECTIONS, SECONDS, POSTS_PER_SECOND, writes, answer.getBytes(StandardCharsets.UTF_8).length,
                    pollPath, poll.requestsPerSecond(), poll.p50Millis(), poll.p99Millis(), poll.non2xx(),
                    ceiling.requestsPerSecond(), ceiling.p50Millis(), ceiling.p99Millis(), ceiling.non2xx(),
                    100 * poll.requestsPerSecond() / ceiling.requestsPerSecond()));
        }
    }

    private void crossMemberVisibility(StringBuilder report) throws Exception {
        try (TwoMembers cluster = TwoMembers.start(Map.of())) {
            BoardClient onA = cluster.a().client();
            BoardClient onB = cluster.b().client();
            for (int i = 0; i < 50; i++) { // warm-up
                visibleAfter(onA, onB, "warm-" + i);
            }
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
