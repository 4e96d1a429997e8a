package dev.chorus.infrastructure.persistence;

import dev.chorus.domain.StorageUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The small tables of the web module's own adapters (bans, audit log, operator settings): one statement per call,
 * every failure a {@link StorageUnavailableException} (503 on a request), as for the board's tables.
 */
final class Sql {
    private final DataSource dataSource;
    /** Whether the database is PostgreSQL (else H2): asked once, on first need, for statements that differ. */
    private volatile Boolean postgres;

    Sql(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    int update(String sql, Binder binder) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new StorageUnavailableException("database error: " + e.getMessage(), e);
        }
    }

    <T> List<T> query(String sql, Binder binder, RowReader<T> reader) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            try (ResultSet rows = statement.executeQuery()) {
                List<T> found = new ArrayList<>();
                while (rows.next()) {
                    found.add(reader.read(rows));
                }
                return found;
            }
        } catch (SQLException e) {
            throw new StorageUnavailableException("database error: " + e.getMessage(), e);
        }
    }

    /**
     * One of two statements, by the database's dialect: the few writes standard SQL has no race-free form for (an
     * upsert is {@code MERGE INTO ... KEY} on H2 and {@code INSERT ... ON CONFLICT} on PostgreSQL).
     */
    String either(String h2, String postgresql) {
        Boolean known = postgres;
        if (known == null) {
            try (Connection connection = dataSource.getConnection()) {
                known = "PostgreSQL".equalsIgnoreCase(connection.getMetaData().getDatabaseProductName());
                postgres = known;
            } catch (SQLException e) {
                throw new StorageUnavailableException("database error: " + e.getMessage(), e);
            }
        }
        return known ? postgresql : h2;
    }

    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    @FunctionalInterface
    interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }
}
