package dev.chorus.infrastructure.persistence.jdbc;

import dev.chorus.domain.Message;
import dev.chorus.domain.MessageType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The statements of one transaction that stores stamped posts: the writer row locked and its epoch checked,
 * the ids already stored found with one query, the new rows inserted as one JDBC batch, each type's kept count
 * bumped once. Statement for statement, a batch of fifty costs about what one post cost alone.
 */
final class StampedInsertBatch {
    private StampedInsertBatch() {
    }

    /** A timestamp in the batch is stored already (a unique violation): the transaction is rolled back. */
    static final class TimestampTaken extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TimestampTaken(SQLException cause) {
            super(cause.getMessage(), null, false, false);
        }
    }

    static List<StampedInsert> insert(Connection connection, List<Message> messages, long epoch, StatementBudget budget)
            throws SQLException {
        try (PreparedStatement fence = connection.prepareStatement(
                "UPDATE board_writer SET epoch = epoch WHERE id = 1 AND epoch = ?")) {
            budget.bound(fence);
            fence.setLong(1, epoch);
            if (fence.executeUpdate() != 1) {
                return Collections.nCopies(messages.size(), StampedInsert.STALE);
            }
        }
        Set<String> stored = storedAmong(connection, messages, budget);
        List<StampedInsert> outcomes = new ArrayList<>(messages.size());
        Map<MessageType, Integer> added = new EnumMap<>(MessageType.class);
        try (PreparedStatement insert = connection.prepareStatement(MessageRows.INSERT)) {
            budget.bound(insert);
            for (Message message : messages) {
                if (!stored.add(message.id().value())) {
                    outcomes.add(StampedInsert.ALREADY_STORED);
                    continue;
                }
                insert.setString(1, message.id().value());
                MessageRows.bindFields(insert, message, 2);
                insert.addBatch();
                added.merge(message.type(), 1, Integer::sum);
                outcomes.add(StampedInsert.INSERTED);
            }
            if (!added.isEmpty()) {
                insert.executeBatch();
            }
        } catch (SQLException e) {
            if (isUniqueViolation(e)) {
                throw new TimestampTaken(e); // ids were checked above, so it is a timestamp taken
            }
            throw e;
        }
        try (PreparedStatement count = connection.prepareStatement(
                "UPDATE message_counts SET n = n + ? WHERE message_type = ?")) {
            budget.bound(count);
            for (Map.Entry<MessageType, Integer> type : added.entrySet()) {
                count.setInt(1, type.getValue());
                count.setString(2, type.getKey().wireName());
                count.executeUpdate();
            }
        }
        return outcomes;
    }

    private static Set<String> storedAmong(Connection connection, List<Message> messages, StatementBudget budget)
            throws SQLException {
        String marks = String.join(",", Collections.nCopies(messages.size(), "?"));
        try (PreparedStatement exists = connection.prepareStatement("SELECT id FROM messages WHERE id IN (" + marks + ")")) {
            budget.bound(exists);
            for (int i = 0; i < messages.size(); i++) {
                exists.setString(i + 1, messages.get(i).id().value());
            }
            Set<String> stored = new HashSet<>();
            try (ResultSet rows = exists.executeQuery()) {
                while (rows.next()) {
                    stored.add(rows.getString(1));
                }
            }
            return stored;
        }
    }

    /** SQLSTATE class 23, or a batch failure whose cause is one (drivers wrap them in BatchUpdateException). */
    private static boolean isUniqueViolation(SQLException e) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            if (next.getSQLState() != null && next.getSQLState().startsWith("23")) {
                return true;
            }
            if (next.getCause() instanceof SQLException cause && cause != next && cause.getSQLState() != null
                    && cause.getSQLState().startsWith("23")) {
                return true;
            }
        }
        return false;
    }
}
