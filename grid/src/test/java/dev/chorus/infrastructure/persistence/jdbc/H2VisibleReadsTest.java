package dev.chorus.infrastructure.persistence.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link AbstractVisibleReadsTest} on a fresh in-memory H2 database (no partial or trigram indexes: it scans). */
class H2VisibleReadsTest extends AbstractVisibleReadsTest {
    private static JdbcDataSource dataSource;

    @BeforeAll
    static void createDatabase() {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:chorus_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        dataSource.setPassword("");
        AbstractMessageRepositoryTest.flyway(dataSource, null).migrate();
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
}
