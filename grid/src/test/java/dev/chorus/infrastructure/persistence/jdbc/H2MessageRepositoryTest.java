package dev.chorus.infrastructure.persistence.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The storage contract on a fresh in-memory H2 database (the default store's engine), migrated by Flyway. */
class H2MessageRepositoryTest extends AbstractMessageRepositoryTest {
    private static JdbcDataSource dataSource;

    @BeforeAll
    static void createDatabase() {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:chorus_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        dataSource.setPassword("");
        var migrations = flyway(dataSource, null);
        int pending = migrations.info().pending().length;
        assertTrue(pending >= 2, "every migration of db/migration is found");
        assertEquals(pending, migrations.migrate().migrationsExecuted);
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        }
    }

    @Override
    protected DataSource dataSource() {
        return dataSource;
    }

    @Override
    protected Flyway flyway() {
        return flyway(dataSource, null);
    }
}
