package dev.chorus.infrastructure.grid.mapstore;

import dev.chorus.infrastructure.persistence.jdbc.DataSourceRegistry;
import dev.chorus.infrastructure.persistence.jdbc.JdbcMessageRepository;
import java.time.Duration;

/** The repository over the DataSource the application registered on this member. */
final class RegisteredDatabase {
    private static final Duration DEPLOYMENT_WAIT = Duration.ofSeconds(60);

    private RegisteredDatabase() {
    }

    static JdbcMessageRepository repository() {
        return new JdbcMessageRepository(() -> DataSourceRegistry.await(DEPLOYMENT_WAIT));
    }
}
