package dev.chorus.infrastructure.persistence.jdbc;

import dev.chorus.domain.Message;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * One read statement on a connection of its own, its failures as {@link JdbcMessageRepository#unavailable}: the
 * shape every read of the {@code messages} table shares (the repository's and {@link SearchQueries}'). The
 * DataSource is asked for inside, so that one not yet registered fails as storage unavailable too.
 */
final class Statements {
    private Statements() {
    }

    /** Binds a statement's parameters. */
    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /** The messages {@code sql} selects, in its order ({@link MessageRows#read}; with their context when asked). */
    static List<Message> messages(Supplier<DataSource> dataSource, String sql, boolean withContext, Binder binder) {
        try (Connection connection = dataSource.get().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            try (ResultSet rows = statement.executeQuery()) {
                List<Message> found = new ArrayList<>();
                while (rows.next()) {
                    found.add(MessageRows.read(rows, withContext));
                }
                return found;
            }
        } catch (SQLException | RuntimeException e) {
            throw JdbcMessageRepository.unavailable(e);
        }
    }

    /** The first column of the first row {@code sql} selects as a number; 0 when it selects none. */
    static long number(Supplier<DataSource> dataSource, String sql, Binder binder) {
        try (Connection connection = dataSource.get().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        } catch (SQLException | RuntimeException e) {
            throw JdbcMessageRepository.unavailable(e);
        }
    }
}
