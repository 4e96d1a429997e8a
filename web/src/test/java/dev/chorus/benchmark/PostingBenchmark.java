package dev.chorus.benchmark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.support.ChorusMembers;
import dev.chorus.support.ChorusServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Durable posts per second (issue 12): {@code wrk} POSTs a new message per request ({@code benchmark/post.lua}) at
 * 50 connections, on one member with H2, then on 1, 2 and 3 members with PostgreSQL (the connections spread over
 * the members, one wrk per member, figures summed).
 *
 * <p>Each configuration first posts in 15 s rounds until the JIT has settled ({@link JitWarmUp}: a round within 10%
 * of the one before, 45-240 s), then makes {@code benchmark.runs} (3) consecutive measured runs of
 * {@code benchmark.seconds} (20) s on the same members.
 *
 * <p>Every 2xx is a message committed in the database before its answer (write-through); each configuration checks
 * that the board holds at least as many new messages as wrk counted 2xx answers in its measured runs (more is no
 * fault: requests in flight when wrk stops, or past its 2 s timeout, are stored without being counted). Figures are
 * printed and written to {@code target/benchmark-posting.md}. Run: {@code mvn -Pbenchmark verify
 * -Dit.test=PostingBenchmark} ({@code -Dbenchmark.members=1} for the single-member runs only; {@code
 * -Dbenchmark.jfr=DIR} records each member in DIR, {@code -Dbenchmark.jit=c1} runs them with C1 only,
 * {@code -Dbenchmark.databases=PostgreSQL} leaves H2 out).
 */
class PostingBenchmark {
    private static final int CONNECTIONS = 50;
    private static final int SECONDS = Integer.getInteger("benchmark.seconds", 20);
    private static final int RUNS = Integer.getInteger("benchmark.runs", 3);
    private static final int ROUND = 15;
    private static final int MAX_MEMBERS = Integer.getInteger("benchmark.members", 3);
    private static final String DATABASES = System.getProperty("benchmark.databases", "H2,PostgreSQL");
    private static final Path SCRIPT = Path.of(System.getProperty("chorus.testResources"), "benchmark", "post.lua");

    @Test
    void durablePostsPerSecond() throws Exception {
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT, """
                ## Durable posts per second (%d connections, %d consecutive runs of %d s after the JIT settled)

                | database | members | warm-up: posts/s per %d s round | run | posts/s (2xx) | p50 ms | p99 ms | non-2xx | every 2xx stored |
                |---|---|---|---|---|---|---|---|---|
                """, CONNECTIONS, RUNS, SECONDS, ROUND));
        try {
            if (DATABASES.contains("H2")) {
                run(report, "H2", ChorusMembers.one());
            }
            for (int members = 1; members <= MAX_MEMBERS && DATABASES.contains("PostgreSQL"); members++) {
                run(report, "PostgreSQL", members == 1 ? ChorusMembers.one().postgres()
                        : ChorusMembers.onHosts(java.util.Collections.nCopies(members, "127.0.0.1").toArray(String[]::new)));
            }
        } finally {
            System.out.println(report);
            Files.writeString(Path.of(System.getProperty("chorus.microbundle")).resolveSibling("benchmark-posting.md"),
                    report);
        }
    }

    private static void run(StringBuilder report, String database, ChorusMembers cluster) throws Exception {
        if (!"c1".equals(System.getProperty("benchmark.jit"))) { // -Dbenchmark.jit=c1: the tests' start-up JIT, to compare
            cluster.jvmArgs(ChorusServer.PEAK_JIT);
        }
        String jfr = System.getProperty("benchmark.jfr"); // a directory: each member records a flight recording there
        if (jfr != null) {
            cluster.jvmArgs("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + jfr);
        }
        cluster.startedByTheTest().start(Map.of("CHORUS_RATE_LIMIT_PER_MINUTE", "0", "CHORUS_BOT_ENABLED", "false"));
        try {
            List<ChorusServer> members = cluster.all();
            String warmUp = JitWarmUp.untilSettled(ROUND, () -> new double[] {Load.of(load(members, ROUND, "warm")).perSecond()});
            long before = members.get(0).client().totalMessages();
            long ok = 0;
            for (int run = 1; run <= RUNS; run++) {
                Load load = Load.of(load(members, SECONDS, "run"));
                ok += load.ok();
                report.append(String.format(Locale.ROOT, "| %s | %d | %s | %d | %.0f | %.1f | %.1f | %d |",
                        database, members.size(), run == 1 ? warmUp : "", run, load.perSecond(), load.p50(), load.p99(),
                        load.non2xx()));
                report.append(run < RUNS ? " |%n".formatted() : "");
            }
            long stored = members.get(0).client().totalMessages() - before;
            report.append(String.format(Locale.ROOT, " %s (%d stored, %d 2xx) |%n", stored >= ok ? "yes" : "NO", stored, ok));
            System.out.println(report);
            assertTrue(stored >= ok, "every acknowledged post is stored: " + stored + " stored, " + ok + " 2xx");
        } finally {
            cluster.afterAll(null);
        }
    }

    /** One round's figures summed over the members: 2xx per second, the worst member's percentiles. */
    private record Load(double perSecond, double p50, double p99, long non2xx, long ok) {
        static Load of(List<Wrk.Result> results) {
            double perSecond = 0;
            double p50 = 0;
            double p99 = 0;
            long non2xx = 0;
            long ok = 0;
            for (Wrk.Result r : results) {
                perSecond += r.requestsPerSecond() * (r.requests() - r.non2xx()) / Math.max(1, r.requests());
                p50 = Math.max(p50, r.p50Millis());
                p99 = Math.max(p99, r.p99Millis());
                non2xx += r.non2xx();
                ok += r.requests() - r.non2xx();
            }
            return new Load(perSecond, p50, p99, non2xx, ok);
        }
    }

    /** One wrk per member at once, the connections split between them. */
    private static List<Wrk.Result> load(List<ChorusServer> members, int seconds, String phase) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(members.size());
        try {
            List<Future<Wrk.Result>> running = new ArrayList<>();
            for (int m = 0; m < members.size(); m++) {
                String url = members.get(m).baseUri().toString();
                int connections = CONNECTIONS / members.size() + (m < CONNECTIONS % members.size() ? 1 : 0);
                String prefix = phase + "-" + System.nanoTime() + "-m" + m;
                int threads = members.size() == 1 ? 2 : 1;
                running.add(pool.submit(() -> Wrk.run(url, threads, connections, seconds, SCRIPT, prefix)));
            }
            List<Wrk.Result> results = new ArrayList<>();
            for (Future<Wrk.Result> r : running) {
                results.add(r.get());
            }
            return results;
        } finally {
            pool.shutdown();
        }
    }
}
