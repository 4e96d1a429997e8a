package dev.chorus.infrastructure.persistence.jdbc;

import dev.chorus.testing.Prerequisites;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The storage contract on PostgreSQL at 127.0.0.1:5432 (database {@code test}, user {@code postgres}), in a schema
 * of its own created for this run and dropped afterwards, so no other data is touched. Skips, saying how to start
 * PostgreSQL, when the server is not reachable.
 */
class PostgresMessageRepositoryTest extends AbstractMessageRepositoryTest {
    static final String NOT_REACHABLE = "PostgreSQL not reachable at 127.0.0.1:5432 (database test, user postgres);"
            + " start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start";
    private static String schema;
    private static PGSimpleDataSource dataSource;
    /** Why PostgreSQL cannot be used, or null. Checked per test: a class-level abort would show as "0 tests run". */
    private static String unreachable;

    private static PGSimpleDataSource connectTo(String currentSchema) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setServerNames(new String[] {"127.0.0.1"});
        source.setPortNumbers(new int[] {5432});
        source.setDatabaseName("test");
        source.setUser("postgres");
        source.setConnectTimeout(3);
        source.setLoginTimeout(3);
        source.setApplicationName("chorus-storage-tests");
        if (currentSchema != null) {
            source.setCurrentSchema(currentSchema);
        }
        return source;
    }

    @BeforeAll
    static void createSchema() throws SQLException {
        Connection connection;
        try {
            connection = connectTo(null).getConnection();
        } catch (SQLException e) {
            unreachable = NOT_REACHABLE + " [" + e.getSQLState() + ": " + e.getMessage() + "]";
            return;
        }
        String candidate = "chorus_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (connection; Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + candidate);
        }
        schema = candidate;
        dataSource = connectTo(schema);
        var migrations = flyway(dataSource, schema);
        int pending = migrations.info().pending().length;
        assertTrue(pending >= 2, "every migration of db/migration is found");
        assertEquals(pending, migrations.migrate().migrationsExecuted);
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        if (schema == null) {
            return;
        }
        try (Connection connection = connectTo(null).getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Override
    protected void assumeAvailable() {
        Prerequisites.require(unreachable == null, () -> unreachable);
    }

    @Override
    protected DataSource dataSource() {
        return dataSource;
    }

    @Override
    protected Flyway flyway() {
        return flyway(dataSource, schema);
    }
}
