package dev.chorus.infrastructure.persistence.jdbc;

import dev.chorus.domain.Message;
import dev.chorus.domain.MessageType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * A free-text search's page and its count ({@link SearchFilter}). On PostgreSQL both go through the trigram
 * indexes of V5 or the {@code ts} index, whichever the planner finds cheaper; on H2, which has no such index,
 * they scan. Counting a common word reads every match, which no index makes cheap: callers keep a count and
 * extend it by the newer rows only ({@link #count}'s {@code after}, see the web module's SearchTotals).
 */
final class SearchQueries {
    private SearchQueries() {
    }

    /** The page of the search's matches at {@code offset} from the newest end, oldest first. */
    static List<Message> page(Supplier<DataSource> dataSource, int offset, int limit, MessageType type, String search) {
        SearchFilter filter = SearchFilter.of(type, search);
        List<Message> found = Statements.messages(dataSource, "SELECT " + MessageRows.LIST_COLUMNS + " FROM messages"
                + filter.where() + " ORDER BY ts DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY", true, statement -> {
                    int i = filter.bind(statement, 1);
                    statement.setInt(i++, offset);
                    statement.setInt(i, limit);
                });
        Collections.reverse(found);
        return found;
    }

    /**
     * The matches newer than {@code after} (all of them for {@link Long#MIN_VALUE}), and how many of them are at or
     * before {@code settledUntil}: one statement, so a caller that keeps the count up to a timestamp below which
     * nothing can change extends it by the newest rows only ({@code ts > after} walks the {@code ts} index when
     * {@code after} is recent).
     */
    static SearchMatches count(Supplier<DataSource> dataSource, MessageType type, String search, long after, long settledUntil) {
        SearchFilter filter = SearchFilter.of(type, search);
        boolean all = after == Long.MIN_VALUE; // no ts range then: H2 would walk its ts index over the whole table
        String sql = "SELECT COUNT(CASE WHEN ts <= ? THEN 1 END), COUNT(*) FROM messages" + filter.where()
                + (all ? "" : " AND ts > ?");
        try (Connection connection = dataSource.get().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, settledUntil);
            int next = filter.bind(statement, 2);
            if (!all) {
                statement.setLong(next, after);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return new SearchMatches(rows.getLong(1), rows.getLong(2));
            }
        } catch (SQLException | RuntimeException e) {
            throw JdbcMessageRepository.unavailable(e);
        }
    }
}
