package dev.chorus.benchmark;

import dev.chorus.infrastructure.persistence.jdbc.SchemaMigrations;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Random;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A board of a million messages written straight into PostgreSQL with {@code COPY} while no member runs: the schema
 * as it was before issue 12 (Flyway up to V4), the rows, their kept counts, then the remaining migrations (V5's
 * indexes built on the full table, as an upgrade of a large board builds them). One message a second, ending an
 * hour ago; 1 in 8 is AI; 1 in 5,000 hidden; 1,000 users ("user0".."user999", red or green); texts of 8 to 15
 * words from a 64-word vocabulary, so each word is in about one message in six; the {@link #RARE_WORD} in exactly
 * {@link #RARE_COUNT} visible messages.
 */
final class MillionRows {
    static final int ROWS = Integer.getInteger("benchmark.rows", 1_000_000);
    static final String RARE_WORD = "zyxquark";
    static final int RARE_COUNT = 10;
    static final String COMMON_WORD = "coffee";
    private static final int CHUNK = 50_000;
    private static final List<String> WORDS = List.of("the", "coffee", "train", "music", "book", "cat", "code",
            "lunch", "rain", "sun", "window", "river", "paper", "garden", "phone", "friend", "city", "night", "morning",
            "bread", "table", "chair", "light", "street", "dog", "bike", "ticket", "movie", "song", "game", "email",
            "meeting", "deadline", "weekend", "holiday", "beach", "mountain", "forest", "snow", "winter", "summer",
            "spring", "autumn", "kitchen", "coffee", "tea", "water", "market", "school", "office", "station", "bus",
            "plane", "airport", "hotel", "museum", "bridge", "tower", "park", "lake", "island", "harbour", "storm",
            "cloud");

    /** The timestamp of row {@code g} (1-based): one a second. */
    final long firstTs = System.currentTimeMillis() - 3_600_000L - ROWS * 1000L;

    private MillionRows() {
    }

    static boolean hidden(int g) {
        return g % 5000 == 3;
    }

    /** Makes the schema up to V4, loads the rows and counts, and returns the seconds each step took. */
    static MillionRows load(PGSimpleDataSource dataSource, StringBuilder log) throws SQLException, IOException {
        MillionRows rows = new MillionRows();
        String[] locations = SchemaMigrations.locations(dataSource);
        Flyway.configure().dataSource(dataSource).locations(locations).target("4").load().migrate();
        long start = System.nanoTime();
        Random random = new Random(ROWS);
        try (Connection connection = dataSource.getConnection()) {
            var copy = connection.unwrap(PGConnection.class).getCopyAPI();
            for (int from = 1; from <= ROWS; from += CHUNK) {
                StringBuilder csv = new StringBuilder(CHUNK * 120);
                for (int g = from; g < from + CHUNK && g <= ROWS; g++) {
                    rows.appendRow(csv, g, random);
                }
                copy.copyIn("COPY messages (id, ts, text, username, username_key, color, domain, language, message_type,"
                        + " hidden) FROM STDIN WITH (FORMAT csv)", new StringReader(csv.toString()));
            }
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("UPDATE message_counts c SET n = (SELECT COUNT(*) FROM messages m"
                        + " WHERE m.hidden = FALSE AND m.message_type = c.message_type)");
            }
        }
        log.append(String.format("COPY of %,d rows (V1-V4 indexes) %.1f s; ", ROWS, (System.nanoTime() - start) / 1e9));
        return rows;
    }

    /** The migrations after V4 (issue 12's V5 and whatever follows), timed: what an upgrade of this board costs. */
    static void migrateTheRest(PGSimpleDataSource dataSource, StringBuilder log) throws SQLException {
        long start = System.nanoTime();
        var result = Flyway.configure().dataSource(dataSource).locations(SchemaMigrations.locations(dataSource))
                .load().migrate();
        log.append(String.format("migrations after V4 (%d, to V%s) %.1f s; ", result.migrationsExecuted,
                result.targetSchemaVersion, (System.nanoTime() - start) / 1e9));
        start = System.nanoTime();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("VACUUM ANALYZE messages"); // what autovacuum does after a bulk load, done now
        }
        log.append(String.format("VACUUM ANALYZE %.1f s", (System.nanoTime() - start) / 1e9));
    }

    private void appendRow(StringBuilder csv, int g, Random random) {
        boolean ai = g % 8 == 0;
        csv.append("million-").append(g).append(',').append(firstTs + g * 1000L).append(",\"");
        int words = 8 + random.nextInt(8);
        for (int w = 0; w < words; w++) {
            csv.append(w == 0 ? "" : " ").append(WORDS.get(random.nextInt(WORDS.size())));
        }
        if (isRare(g)) {
            csv.append(" ").append(RARE_WORD.toUpperCase()); // found case-insensitively
        }
        String user = ai ? "Persona" + (g % 7) : "user" + (g % 1000);
        csv.append("\",").append(user).append(',').append(user.toLowerCase()).append(',')
                .append(g % 2 == 0 ? "255000000" : "000255000").append(",example.org,en,")
                .append(ai ? "AI" : "human").append(',').append(hidden(g)).append('\n');
    }

    /** Ten visible rows spread over the history: 1 in 100,000, never a hidden or an AI one. */
    static boolean isRare(int g) {
        return g % (ROWS / RARE_COUNT) == 11;
    }
}
