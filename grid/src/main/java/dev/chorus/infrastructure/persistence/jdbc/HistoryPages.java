package dev.chorus.infrastructure.persistence.jdbc;

import dev.chorus.domain.Message;
import dev.chorus.domain.MessageType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;

/**
 * Pages of visible messages (no free-text search) counted from the newest end, without walking the whole offset.
 * An offset is skipped in two ways that make a page deep in the history cheap: from the nearer end — the kept count
 * of visible messages says where the page lies from the oldest end, so {@code offset=900000} of a million walks
 * 100,000 entries from the oldest, not 900,000 from the newest — and by timestamps only: the skip is a scalar
 * subquery over {@code ts} alone (on PostgreSQL an index-only scan of {@code messages_visible_ts}, V5), and only
 * the page's own rows are then read. The count and the rows are read in one snapshot (repeatable read), and the
 * counts are changed in the transactions that insert or hide, so the page is exactly the one a plain
 * {@code ORDER BY ts DESC OFFSET} would return.
 */
final class HistoryPages {
    private HistoryPages() {
    }

    /** The page at {@code offset} from the newest end, {@code limit} long, oldest first. */
    static List<Message> page(DataSource dataSource, int offset, int limit, MessageType type) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            int isolation = connection.getTransactionIsolation();
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                List<Message> found = page(connection, offset, limit, type);
                connection.commit();
                return found;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setTransactionIsolation(isolation);
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException | RuntimeException e) {
            throw JdbcMessageRepository.unavailable(e);
        }
    }

    private static List<Message> page(Connection connection, int offset, int limit, MessageType type) throws SQLException {
        long total = visibleCount(connection, type);
        if (limit <= 0 || offset >= total) {
            return List.of();
        }
        int rows = (int) Math.min(limit, total - offset);
        long fromOldest = total - offset - rows; // how many visible messages are older than the page
        String typeClause = type == null ? "" : " AND message_type = ?";
        if (fromOldest < offset) {
            // nearer the oldest end: skip fromOldest from there, read the page upwards (already oldest first)
            return read(connection, "SELECT " + MessageRows.LIST_COLUMNS + " FROM messages WHERE " + MessageRows.VISIBLE
                    + typeClause + " AND ts >= (SELECT ts FROM messages WHERE " + MessageRows.VISIBLE + typeClause
                    + " ORDER BY ts ASC OFFSET ? ROWS FETCH NEXT 1 ROWS ONLY) ORDER BY ts ASC FETCH NEXT ? ROWS ONLY",
                    type, fromOldest, rows);
        }
        List<Message> found = read(connection, "SELECT " + MessageRows.LIST_COLUMNS + " FROM messages WHERE "
                + MessageRows.VISIBLE + typeClause + " AND ts <= (SELECT ts FROM messages WHERE " + MessageRows.VISIBLE
                + typeClause + " ORDER BY ts DESC OFFSET ? ROWS FETCH NEXT 1 ROWS ONLY) ORDER BY ts DESC FETCH NEXT ? ROWS ONLY",
                type, offset, rows);
        Collections.reverse(found);
        return found;
    }

    /** The kept count of visible messages (of one type, or all): message_counts, changed with every insert and hide. */
    private static long visibleCount(Connection connection, MessageType type) throws SQLException {
        String sql = "SELECT COALESCE(SUM(n), 0) FROM message_counts" + (type == null ? "" : " WHERE message_type = ?");
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            if (type != null) {
                statement.setString(1, type.wireName());
            }
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static List<Message> read(Connection connection, String sql, MessageType type, long skip, int rows)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int i = 1;
            if (type != null) {
                statement.setString(i++, type.wireName());
                statement.setString(i++, type.wireName());
            }
            statement.setLong(i++, skip);
            statement.setInt(i, rows);
            try (ResultSet found = statement.executeQuery()) {
                List<Message> messages = new ArrayList<>(rows);
                while (found.next()) {
                    messages.add(MessageRows.read(found, true));
                }
                return messages;
            }
        }
    }
}
