package dev.chorus.infrastructure.persistence.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A schema of its own in PostgreSQL's database {@code test} at 127.0.0.1:5432 (user {@code postgres}), migrated
 * by the real Flyway migrations, dropped by {@link #close()}; or, where PostgreSQL is not reachable, the reason.
 */
final class PostgresTestSchema implements AutoCloseable {
    static final String NOT_REACHABLE = "PostgreSQL not reachable at 127.0.0.1:5432 (database test, user postgres);"
            + " start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start";

    final String schema;
    final PGSimpleDataSource dataSource;
    final String unreachable;

    private PostgresTestSchema(String schema, PGSimpleDataSource dataSource, String unreachable) {
        this.schema = schema;
        this.dataSource = dataSource;
        this.unreachable = unreachable;
    }

    static PGSimpleDataSource connectTo(String currentSchema) {
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

    /** Creates and migrates a fresh schema; an unreachable server is reported, not thrown. */
    static PostgresTestSchema create() throws SQLException {
        Connection connection;
        try {
            connection = connectTo(null).getConnection();
        } catch (SQLException e) {
            return new PostgresTestSchema(null, null, NOT_REACHABLE + " [" + e.getSQLState() + ": " + e.getMessage() + "]");
        }
        String candidate = "chorus_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (connection; Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + candidate);
            // pg_trgm in the shared database's public schema, as an operator would install it: created by V5 inside
            // this run's schema it would go with the schema's DROP ... CASCADE, and take every other run's trigram
            // indexes with it. V5 finds it there and names its operator class with that schema.
            statement.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public");
        }
        PGSimpleDataSource dataSource = connectTo(candidate);
        var migrations = AbstractMessageRepositoryTest.flyway(dataSource, candidate);
        int pending = migrations.info().pending().length;
        assertTrue(pending >= 2, "every migration of db/migration is found");
        assertEquals(pending, migrations.migrate().migrationsExecuted);
        return new PostgresTestSchema(candidate, dataSource, null);
    }

    @Override
    public void close() throws SQLException {
        if (schema == null) {
            return;
        }
        try (Connection connection = connectTo(null).getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }
}
