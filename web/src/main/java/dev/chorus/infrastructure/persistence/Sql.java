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

    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    @FunctionalInterface
    interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }
}
