package dev.chorus.infrastructure.persistence;

import dev.chorus.infrastructure.persistence.jdbc.DataSourceRegistry;
import dev.chorus.infrastructure.persistence.jdbc.JdbcMessageRepository;
import dev.chorus.infrastructure.persistence.jdbc.SchemaMigrations;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The database Chorus writes through to: H2 file under ./data by default, PostgreSQL when CHORUS_DB_URL says so.
 * On first use it migrates the schema (Flyway, never by hand) and hands the DataSource to the grid's MapStores.
 * The one place configuration is not read through {@code application.config.Settings}: annotation values must be
 * constants, so the URL and credentials are {@code ${MPCONFIG=…}} references that Payara resolves when it creates
 * the pool (the keys' defaults are in META-INF/microprofile-config.properties like every other key's).
 */
@DataSourceDefinition(
        name = "java:app/jdbc/chorus",
        className = "dev.chorus.infrastructure.persistence.UrlRoutedDataSource",
        url = "${MPCONFIG=chorus.db.url}",
        user = "${MPCONFIG=chorus.db.user}",
        password = "${MPCONFIG=chorus.db.password}",
        minPoolSize = 2,
        maxPoolSize = 32,
        properties = {
            "fish.payara.is-connection-validation-required=true",
            "fish.payara.connection-validation-method=auto-commit",
            "fish.payara.fail-all-connections=true"
        })
@ApplicationScoped
public class ChorusDatabase {
    private static final Logger LOG = Logger.getLogger(ChorusDatabase.class.getName());

    @Resource(lookup = "java:app/jdbc/chorus")
    DataSource dataSource;

    private volatile boolean ready;
    private volatile JdbcMessageRepository messages;

    /** Migrates the schema and registers the DataSource for grid code; idempotent. */
    public synchronized void prepare() {
        if (ready) {
            return;
        }
        var result = Flyway.configure(getClass().getClassLoader())
                .dataSource(dataSource)
                .locations(SchemaMigrations.locations(dataSource))
                .load()
                .migrate();
        LOG.info(() -> "Database schema at version " + result.targetSchemaVersion + " ("
                + result.migrationsExecuted + " migrations applied now)");
        DataSourceRegistry.register(dataSource);
        ready = true;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * The grid module's SQL on the {@code messages} table over this database: one for every adapter that asks,
     * instead of one built by each (it holds nothing but the way to the DataSource).
     */
    public JdbcMessageRepository messages() {
        JdbcMessageRepository repository = messages;
        if (repository == null) {
            repository = new JdbcMessageRepository(this::dataSource);
            messages = repository; // a race builds two equal ones; either serves
        }
        return repository;
    }

    /** The schema migrated, statements on the database for this package's adapters. */
    Sql sql() {
        prepare();
        return new Sql(dataSource);
    }
}
