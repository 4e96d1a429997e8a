package dev.chorus.infrastructure.persistence.jdbc;

import dev.chorus.testing.Prerequisites;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The storage contract on PostgreSQL at 127.0.0.1:5432 (database {@code test}, user {@code postgres}), in a schema
 * of its own created for this run and dropped afterwards, so no other data is touched. Skips, saying how to start
 * PostgreSQL, when the server is not reachable.
 */
class PostgresMessageRepositoryTest extends AbstractMessageRepositoryTest {
    /** The schema, or why PostgreSQL cannot be used. Checked per test: a class-level abort would show as "0 tests run". */
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

    @Override
    protected Flyway flyway() {
        return flyway(database.dataSource, database.schema);
    }
}
