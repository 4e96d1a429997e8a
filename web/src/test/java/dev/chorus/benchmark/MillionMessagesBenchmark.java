package dev.chorus.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chorus.support.BoardClient;
import dev.chorus.support.ChorusServer;
import dev.chorus.support.Ports;
import dev.chorus.support.PostgresDatabase;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A board of a million messages on PostgreSQL (issue 12, deliverable 3): the rows loaded by {@code COPY} while no
 * member runs ({@link MillionRows}), then one member at -Xmx512m. Measured per run: start to the first successful
 * poll; search for a rare and a common word, the page at offset 900,000 and a user search with its true total
 * (p50/p99 of sequential requests after a warm-up); the member's heap after a full GC and its RSS. Each run also
 * times the queries as they were before V5 (at schema V4, on the same rows) and prints the plans PostgreSQL chooses
 * now. A member on an empty H2 board is started first, once: it makes the start-up class archive outside the timed
 * starts, and its start is the reference for what the million adds. Run:
 * {@code mvn -B -o -Dchorus.build.dir=$PWD/target -Pbenchmark verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=MillionMessagesBenchmark} ({@code -Dbenchmark.runs=3}, {@code -Dbenchmark.requests=200}); needs PostgreSQL.
 * Figures are printed and written to target/benchmark-million.md.
 */
class MillionMessagesBenchmark {
    private static final int RUNS = Integer.getInteger("benchmark.runs", 3);
    private static final int REQUESTS = Integer.getInteger("benchmark.requests", 200);
    /** A common word's search: its first request counts a third of the board, the others only what is newer. */
    private static final int COMMON_REQUESTS = Integer.getInteger("benchmark.commonRequests", 200);
    private static final int WARM_UP = 20;
    /** The deep page: offset 900,000 of a million. */
    private static final int DEEP = MillionRows.ROWS / 10 * 9;

    @Test
    void aMillionMessagesOnPostgres() throws Exception {
        double emptyStart = emptyBoardStart();
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT, "| run | load | start → first poll s"
                + " (empty H2: %.1f) | search rare p50/p99 ms | search common p50/p99 ms | offset %,d p50/p99 ms"
                + " | uss p50/p99 ms | /api/stats p50/p99 ms | heap after GC | RSS | load avg |%n|---|---|---|---|---|---|---|---|---|---|---|%n",
                emptyStart, DEEP));
        StringBuilder notes = new StringBuilder();
        try {
            for (int run = 1; run <= RUNS; run++) {
                report.append(oneRun(run, notes)).append('\n');
                System.out.println(report);
            }
        } finally {
            String text = report + "\n" + notes;
            System.out.println(text);
            Files.writeString(Path.of(System.getProperty("chorus.microbundle")).resolveSibling("benchmark-million.md"), text);
        }
    }

    /** One member on an empty H2 board, start to first poll (and the start-up archive made before it, untimed). */
    private static double emptyBoardStart() throws Exception {
        int grid = Ports.free();
        try (ChorusServer warm = ChorusServer.builder().workDir(Files.createTempDirectory("chorus-million-warm-"))
                .gridPorts(grid, List.of(grid)).build()) {
            warm.start(); // the first start of the build trains the class archive
        }
        grid = Ports.free();
        try (ChorusServer empty = ChorusServer.builder().workDir(Files.createTempDirectory("chorus-million-empty-"))
                .gridPorts(grid, List.of(grid)).build()) {
            return startToFirstPoll(empty, 0);
        }
    }

    private static double startToFirstPoll(ChorusServer server, int expected) throws Exception {
        long start = System.nanoTime();
        server.start();
        BoardClient client = server.client();
        while (client.get("/api/comments?after=0&limit=50").status() != 200) {
            Thread.sleep(50);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(expected, client.poll(0, 50).size());
        return seconds;
    }

    private static String oneRun(int run, StringBuilder notes) throws Exception {
        try (PostgresDatabase database = PostgresDatabase.createOrSkip()) {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setURL(database.url());
            dataSource.setUser("postgres");
            StringBuilder steps = new StringBuilder();
            MillionRows.load(dataSource, steps);
            if (run == 1) {
                notes.append("Before V5 (schema V4, same rows, the queries as they were, psql-equivalent JDBC, ms):\n")
                        .append(oldQueries(dataSource)).append('\n');
            }
            MillionRows.migrateTheRest(dataSource, steps);
            notes.append("run ").append(run).append(": ").append(steps).append('\n');
            int grid = Ports.free();
            try (ChorusServer server = ChorusServer.builder().workDir(Files.createTempDirectory("chorus-million-"))
                    .gridPorts(grid, List.of(grid)).env(database.chorusEnv())
                    .env(Map.of("CHORUS_RATE_LIMIT_PER_MINUTE", "0")).maxHeap("512m").build()) {
                double start = startToFirstPoll(server, 50);
                BoardClient client = server.client();
                checkAnswers(client);
                String rare = timed(client, "/api/comments?offset=0&limit=50&search=" + MillionRows.RARE_WORD, REQUESTS);
                String commonPath = "/api/comments?offset=0&limit=50&search=" + MillionRows.COMMON_WORD;
                String commonFirst = once(client, commonPath); // its matches counted in full: none kept yet
                String common;
                try (CommonWordWriter writer = CommonWordWriter.start(client)) { // the total must follow new posts
                    common = timed(client, commonPath, COMMON_REQUESTS) + " (" + commonFirst + " first; "
                            + writer.acknowledged() + " posts meanwhile)";
                }
                assertEquals(countCommon(dataSource), client.get(commonPath).json().getInt("total"),
                        "the total is the table's, new posts included");
                String deep = timed(client, "/api/comments?offset=" + DEEP + "&limit=50", REQUESTS);
                String uss = timed(client, "/api/comments?uss=user5+user6:255000000&offset=0&limit=50", REQUESTS);
                String floor = timed(client, "/api/stats", REQUESTS); // no database: what HTTP alone costs now
                if (run == 1) {
                    notes.append("Plans now (EXPLAIN ANALYZE):\n").append(plans(dataSource)).append('\n');
                }
                long rss = rssKb(server.pid());
                String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
                return String.format(Locale.ROOT, "| %d | %,d rows | %.1f | %s | %s | %s | %s | %s | %s | %d MB | %s |",
                        run, MillionRows.ROWS, start, rare, common, deep, uss, floor, heapAfterGc(server),
                        rss / 1024, load);
            }
        }
    }

    /** The answers are the board's: the rare word's ten messages, a full page deep down, the users' exact total. */
    private static void checkAnswers(BoardClient client) {
        JsonObject rare = client.get("/api/comments?offset=0&limit=50&search=" + MillionRows.RARE_WORD).json();
        assertEquals(MillionRows.RARE_COUNT, rare.getInt("total"));
        assertEquals(MillionRows.RARE_COUNT, rare.getJsonArray("comments").size());
        JsonObject deep = client.get("/api/comments?offset=" + DEEP + "&limit=50").json();
        assertEquals(50, deep.getJsonArray("comments").size());
        JsonObject uss = client.get("/api/comments?uss=user5+user6:255000000&offset=0&limit=50").json();
        int visible = 0;
        for (int g = 1; g <= MillionRows.ROWS; g++) {
            visible += (g % 1000 == 5 || g % 1000 == 6) && g % 8 != 0 && !MillionRows.hidden(g) ? 1 : 0;
        }
        assertEquals(visible, uss.getInt("total"));
    }

    /** How long one GET of {@code path} took, in ms. */
    private static String once(BoardClient client, String path) {
        long start = System.nanoTime();
        assertEquals(200, client.get(path).status(), path);
        return String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e6);
    }

    private static long countCommon(PGSimpleDataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT COUNT(*) FROM messages WHERE NOT hidden AND (LOWER(text) LIKE '%"
                     + MillionRows.COMMON_WORD + "%' OR LOWER(username) LIKE '%" + MillionRows.COMMON_WORD + "%')")) {
            row.next();
            return row.getLong(1);
        }
    }

    /** p50/p99 in ms of {@code requests} sequential GETs of {@code path}, after {@link #WARM_UP} untimed ones. */
    private static String timed(BoardClient client, String path, int requests) {
        for (int i = 0; i < WARM_UP; i++) {
            assertEquals(200, client.get(path).status(), path);
        }
        long[] nanos = new long[requests];
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            int status = client.get(path).status();
            nanos[i] = System.nanoTime() - start;
            assertEquals(200, status, path);
        }
        Arrays.sort(nanos);
        return String.format(Locale.ROOT, "%.1f / %.1f", percentile(nanos, 0.50), percentile(nanos, 0.99));
    }

    private static double percentile(long[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    /** The queries as the repository sent them before issue 12, on the V4 schema: what the figures were. */
    private static String oldQueries(PGSimpleDataSource dataSource) throws SQLException {
        String rare = "'%" + MillionRows.RARE_WORD + "%'";
        String common = "'%" + MillionRows.COMMON_WORD + "%'";
        List<String> queries = List.of(
                "SELECT COUNT(*) FROM messages WHERE hidden = FALSE AND (LOWER(text) LIKE " + rare
                        + " ESCAPE '!' OR LOWER(username) LIKE " + rare + " ESCAPE '!')",
                "SELECT COUNT(*) FROM messages WHERE hidden = FALSE AND (LOWER(text) LIKE " + common
                        + " ESCAPE '!' OR LOWER(username) LIKE " + common + " ESCAPE '!')",
                "SELECT id FROM messages WHERE hidden = FALSE ORDER BY ts DESC OFFSET " + DEEP + " ROWS FETCH NEXT 50 ROWS ONLY",
                "SELECT COUNT(*) FROM messages WHERE hidden = FALSE AND (username_key = 'user5'"
                        + " OR (username_key = 'user6' AND color = '255000000'))",
                "SELECT id FROM messages WHERE hidden = FALSE AND (username_key = 'user5' OR (username_key = 'user6'"
                        + " AND color = '255000000')) ORDER BY ts DESC OFFSET 0 ROWS FETCH NEXT 50 ROWS ONLY");
        StringBuilder out = new StringBuilder();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("VACUUM ANALYZE messages");
            for (String sql : queries) {
                List<Double> ms = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    long start = System.nanoTime();
                    try (ResultSet rows = statement.executeQuery(sql)) {
                        while (rows.next()) {
                            rows.getString(1);
                        }
                    }
                    ms.add((System.nanoTime() - start) / 1e6);
                }
                out.append(String.format(Locale.ROOT, "- `%s`: %s%n", sql,
                        ms.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList()));
            }
        }
        return out.toString();
    }

    private static String plans(PGSimpleDataSource dataSource) throws SQLException {
        String rare = "'%" + MillionRows.RARE_WORD + "%'";
        List<String> queries = List.of(
                "SELECT COUNT(*) FROM messages WHERE hidden = FALSE AND (LOWER(text) LIKE " + rare
                        + " ESCAPE '!' OR LOWER(username) LIKE " + rare + " ESCAPE '!')",
                "SELECT COUNT(*) FROM messages WHERE hidden = FALSE AND (LOWER(text) LIKE '%" + MillionRows.COMMON_WORD
                        + "%' ESCAPE '!' OR LOWER(username) LIKE '%" + MillionRows.COMMON_WORD + "%' ESCAPE '!')",
                "SELECT id, ts FROM messages WHERE hidden = FALSE AND ts >= (SELECT ts FROM messages WHERE hidden = FALSE"
                        + " ORDER BY ts ASC OFFSET " + (MillionRows.ROWS - DEEP - 250)
                        + " ROWS FETCH NEXT 1 ROWS ONLY) ORDER BY ts ASC FETCH NEXT 50 ROWS ONLY",
                "SELECT (SELECT COUNT(*) FROM messages WHERE hidden = FALSE AND username_key = 'user5')"
                        + " + (SELECT COUNT(*) FROM messages WHERE hidden = FALSE AND username_key = 'user6'"
                        + " AND color = '255000000')",
                "SELECT * FROM ((SELECT id, ts FROM messages WHERE hidden = FALSE AND username_key = 'user5' ORDER BY ts"
                        + " DESC FETCH NEXT 50 ROWS ONLY) UNION ALL (SELECT id, ts FROM messages WHERE hidden = FALSE AND"
                        + " username_key = 'user6' AND color = '255000000' ORDER BY ts DESC FETCH NEXT 50 ROWS ONLY)) AS m"
                        + " ORDER BY ts DESC OFFSET 0 ROWS FETCH NEXT 50 ROWS ONLY");
        StringBuilder out = new StringBuilder();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : queries) {
                out.append("```\n").append(sql).append('\n');
                try (ResultSet rows = statement.executeQuery("EXPLAIN ANALYZE " + sql)) {
                    while (rows.next()) {
                        out.append(rows.getString(1)).append('\n');
                    }
                }
                out.append("```\n");
            }
        }
        return out.toString();
    }

    /** The member's heap after a full collection, as the report shows it. */
    private static String heapAfterGc(ChorusServer server) throws IOException, InterruptedException {
        return String.format(Locale.ROOT, "%d MB", server.heapAfterGcMb());
    }

    private static long rssKb(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(-1L);
    }
}
