package dev.chorus.infrastructure.persistence.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Where Flyway finds the schema: the portable migrations of {@code db/migration}, then the database's own
 * ({@code db/vendor/h2}, {@code db/vendor/postgresql}) for what only one of the two engines has (PostgreSQL's
 * partial and trigram indexes, V5). Flyway 9 has no {@code {vendor}} placeholder, so the engine is asked for its
 * name. The application and the storage tests migrate from the same list, so the tests run the board's schema.
 */
public final class SchemaMigrations {
    private SchemaMigrations() {
    }

    /** The locations for the database behind {@code dataSource}; an engine other than H2 or PostgreSQL is refused. */
    public static String[] locations(DataSource dataSource) {
        String product;
        try (Connection connection = dataSource.getConnection()) {
            product = connection.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw JdbcMessageRepository.unavailable(e);
        }
        return new String[] {"classpath:db/migration", "classpath:db/vendor/" + vendor(product)};
    }

    static String vendor(String productName) {
        String name = productName.toLowerCase(Locale.ROOT);
        if (name.equals("h2")) {
            return "h2";
        }
        if (name.equals("postgresql")) {
            return "postgresql";
        }
        throw new IllegalStateException("Chorus runs on H2 or PostgreSQL, not on " + productName);
    }
}
