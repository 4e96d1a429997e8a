package dev.chorus.infrastructure.persistence.jdbc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.testing.Prerequisites;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link AbstractVisibleReadsTest} on PostgreSQL, and that V5's indexes fit the queries the repository sends: on
 * a table of 50,000 messages the planner chooses the trigram indexes for a rare word, an index-only scan of the
 * visible timestamps for a page's skip, and the visible users' index for a user-search count.
 */
class PostgresVisibleReadsTest extends AbstractVisibleReadsTest {
    private static PostgresTestSchema database;

    @BeforeAll
    static void createSchema() throws SQLException {
        database = PostgresTestSchema.create();
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        database.close();
    }

    @Override
    protected void assumeAvailable() {
        Prerequisites.require(database.unreachable == null, () -> database.unreachable);
    }

    @Override
    protected DataSource dataSource() {
        return database.dataSource;
    }

    /**
     * The plan PostgreSQL chooses for {@code sql} once the table holds 50,000 more messages (removed again) (1 in 100 hidden), analysed
     * and vacuumed as autovacuum would leave it: on a few hundred rows the planner rightly prefers to scan.
     */
    private String plan(String sql) throws SQLException {
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO messages (id, ts, text, username, username_key, color, domain, language,"
                    + " message_type, hidden) SELECT 'bulk' || g, 1000000 + g, 'bulk message ' || g || ' about things',"
                    + " 'user' || (g % 500), 'user' || (g % 500), '255000000', 'example.org', 'en',"
                    + " CASE WHEN g % 4 = 0 THEN 'AI' ELSE 'human' END, g % 100 = 7 FROM generate_series(1, 50000) g ");
            statement.execute("VACUUM ANALYZE messages");
            StringBuilder plan = new StringBuilder();
            try (ResultSet rows = statement.executeQuery("EXPLAIN " + sql)) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            } finally { // the other tests' board is the seeded one
                statement.executeUpdate("DELETE FROM messages WHERE id LIKE 'bulk%'");
            }
            return plan.toString();
        }
    }

    @Test
    void searchUsesTheTrigramIndexesOfBothColumns() throws SQLException {
        SearchFilter filter = SearchFilter.of(null, "talk");
        String sql = "SELECT COUNT(*) FROM messages" + filter.where().replace("?", "'%talk about%'");
        String plan = plan(sql);
        assertTrue(plan.contains("messages_text_trgm") && plan.contains("messages_username_trgm"), plan);
    }

    @Test
    void aPagesSkipIsAnIndexOnlyScanOfTheVisibleTimestamps() throws SQLException {
        String plan = plan("SELECT ts FROM messages WHERE " + MessageRows.VISIBLE + " ORDER BY ts DESC OFFSET 100 ROWS"
                + " FETCH NEXT 1 ROWS ONLY");
        assertTrue(plan.contains("Index Only Scan Backward using messages_visible_ts"), plan);
        String typed = plan("SELECT ts FROM messages WHERE " + MessageRows.VISIBLE + " AND message_type = 'AI'"
                + " ORDER BY ts ASC OFFSET 100 ROWS FETCH NEXT 1 ROWS ONLY");
        assertTrue(typed.contains("Index Only Scan using messages_visible_type_ts"), typed);
    }

    @Test
    void aUserSearchCountUsesTheVisibleUsersIndex() throws SQLException {
        String plan = plan("SELECT COUNT(*) FROM messages WHERE " + MessageRows.VISIBLE
                + " AND (username_key = 'alice' OR (username_key = 'bob' AND color = '255000000'))");
        assertTrue(plan.contains("messages_visible_user"), plan);
    }
}
