package dev.chorus.infrastructure.persistence.jdbc;

import dev.chorus.domain.Message;
import dev.chorus.domain.MessageCounts;
import dev.chorus.domain.MessageId;
import dev.chorus.domain.MessageType;
import dev.chorus.domain.NothingStoredException;
import dev.chorus.domain.StaleWriterException;
import dev.chorus.domain.StorageUnavailableException;
import dev.chorus.domain.UserFilter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The {@code messages} table and its kept counts. Every query that lists messages uses the {@code ts} index; a
 * free-text {@code search} uses PostgreSQL's trigram indexes (V5) and scans on H2, where there are none.
 */
public class JdbcMessageRepository {
    private final Supplier<DataSource> dataSource;

    public JdbcMessageRepository(Supplier<DataSource> dataSource) {
        this.dataSource = dataSource;
    }

    /** Inserts or updates one message; a new row also bumps the kept count, in the same transaction. */
    public void save(Message message) {
        inTransaction(connection -> {
            if (updateRow(connection, message)) {
                return null;
            }
            try (PreparedStatement insert = connection.prepareStatement(MessageRows.INSERT)) {
                insert.setString(1, message.id().value());
                MessageRows.bindFields(insert, message, 2);
                insert.executeUpdate();
            }
            countOneMore(connection, message);
            return null;
        });
    }

    /** Updates a stored message's fields (bot bookkeeping); false when no such row exists. Never inserts. */
    public boolean update(Message message) {
        boolean[] updated = {false};
        inTransaction(connection -> {
            updated[0] = updateRow(connection, message);
            return null;
        });
        return updated[0];
    }

    /**
     * Inserts a new message stamped under writer epoch {@code epoch}; see {@link #insertStamped(List, long,
     * StatementBudget)}. Returns false, storing nothing, when a message with this id is stored already; throws
     * {@link StaleWriterException} when the epoch is no longer current or the timestamp is taken.
     */
    public boolean insertStamped(Message message, long epoch, int timeoutSeconds) {
        StampedInsert outcome = insertStamped(List.of(message), epoch, StatementBudget.ofSeconds(timeoutSeconds)).get(0);
        if (outcome == StampedInsert.STALE) {
            throw new StaleWriterException("writer epoch " + epoch + " is no longer current, or timestamp "
                    + message.timestamp() + " is taken");
        }
        return outcome == StampedInsert.INSERTED;
    }

    /**
     * Inserts new messages stamped under writer epoch {@code epoch}, bumping their kept counts, in one
     * transaction that first locks the writer row and checks the epoch is still current: an insert from a writer
     * that lost the window is refused, and a member taking the window over (which bumps the epoch under the same
     * lock) waits for inserts under way and sees every one that commits. One outcome per message, in order.
     * Many at once is what makes posts scale: the writer row is held until the commit, so one transaction per
     * post made every post wait for every earlier post's commit; a batch shares the lock, the statements and the
     * commit (see {@link StampedInsertBatch}). A batch in which a timestamp is taken is retried message by message,
     * so that only the message at fault is refused; a message the retry has no time left for is refused as
     * {@link StampedInsert#STALE} (not stored; its caller takes it back). Every statement, the retry's too, shares
     * {@code budget}. A database failure fails the whole batch.
     */
    public List<StampedInsert> insertStamped(List<Message> messages, long epoch, StatementBudget budget) {
        List<List<StampedInsert>> outcome = new ArrayList<>(1);
        try {
            inTransaction(connection -> outcome.add(StampedInsertBatch.insert(connection, messages, epoch, budget)));
        } catch (StampedInsertBatch.TimestampTaken taken) {
            if (messages.size() == 1) {
                return List.of(StampedInsert.STALE); // the cursor was stamped twice: only a writer that lost the window can
            }
            List<StampedInsert> one = new ArrayList<>(messages.size());
            for (Message message : messages) {
                one.add(budget.spent() ? StampedInsert.STALE : insertStamped(List.of(message), epoch, budget).get(0));
            }
            return one;
        }
        return outcome.get(0);
    }

    /**
     * Hides a message (an operator's moderation) or shows it again: the row's flag and its type's kept count change
     * together, in one transaction that holds the writer row (as inserts do, so the counts stay those of visible
     * messages), its statements sharing {@code budget} like {@link #insertStamped}'s: a writer row held
     * by a stuck transaction must not hold the operator's request past its bound. The row is never deleted.
     * Returns the message as stored; empty when there is no such message. Hiding a hidden message changes nothing.
     */
    public Optional<Message> setHidden(MessageId id, boolean hidden, StatementBudget budget) {
        Message[] found = {null};
        inTransaction(connection -> {
            try (PreparedStatement lock = connection.prepareStatement(
                    "UPDATE board_writer SET epoch = epoch WHERE id = 1")) {
                budget.bound(lock);
                lock.executeUpdate();
            }
            boolean was;
            try (PreparedStatement read = connection.prepareStatement(
                    "SELECT " + MessageRows.COLUMNS + ", context, hidden FROM messages WHERE id = ?")) {
                budget.bound(read);
                read.setString(1, id.value());
                try (ResultSet row = read.executeQuery()) {
                    if (!row.next()) {
                        return null;
                    }
                    found[0] = MessageRows.read(row, true);
                    was = row.getBoolean("hidden");
                }
            }
            if (was != hidden) {
                try (PreparedStatement flag = connection.prepareStatement("UPDATE messages SET hidden = ? WHERE id = ?")) {
                    budget.bound(flag);
                    flag.setBoolean(1, hidden);
                    flag.setString(2, id.value());
                    flag.executeUpdate();
                }
                try (PreparedStatement count = connection.prepareStatement(
                        "UPDATE message_counts SET n = n + ? WHERE message_type = ?")) {
                    budget.bound(count);
                    count.setInt(1, hidden ? -1 : 1);
                    count.setString(2, found[0].type().wireName());
                    count.executeUpdate();
                }
            }
            return null;
        });
        return Optional.ofNullable(found[0]);
    }

    /** Overwrites the row of {@code message}'s id; false when there is none. */
    private static boolean updateRow(Connection connection, Message message) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(MessageRows.UPDATE)) {
            int next = MessageRows.bindFields(update, message, 1);
            update.setString(next, message.id().value());
            return update.executeUpdate() == 1;
        }
    }

    /** The kept count of {@code message}'s type, bumped in the transaction that inserts it. */
    private static void countOneMore(Connection connection, Message message) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement(
                "UPDATE message_counts SET n = n + 1 WHERE message_type = ?")) {
            count.setString(1, message.type().wireName());
            count.executeUpdate();
        }
    }

    /** {@link #claimWriterEpoch(StatementBudget)} for callers without a deadline of their own: within 30 s. */
    public long claimWriterEpoch() {
        return claimWriterEpoch(StatementBudget.ofSeconds(30));
    }

    /**
     * Starts a new writer epoch and returns it. Waits for inserts under way (they hold the writer row), so once
     * this returns every message stamped under an earlier epoch is either stored or can never be. Both statements
     * share {@code budget}: a take-over runs under the take-over lock that every post on this member waits for, so
     * a writer row held by a stuck session (a client of the database that is not Chorus, without the idle timeout
     * Chorus's own sessions have) must fail it at its bound, not hold the member's writes for as long as it lasts.
     */
    public long claimWriterEpoch(StatementBudget budget) {
        long[] epoch = {0};
        inTransaction(connection -> {
            try (PreparedStatement bump = connection.prepareStatement(
                    "UPDATE board_writer SET epoch = epoch + 1 WHERE id = 1")) {
                budget.bound(bump);
                bump.executeUpdate();
            }
            try (PreparedStatement read = connection.prepareStatement("SELECT epoch FROM board_writer WHERE id = 1")) {
                budget.bound(read);
                try (ResultSet row = read.executeQuery()) {
                    row.next();
                    epoch[0] = row.getLong(1);
                }
            }
            return null;
        });
        return epoch[0];
    }

    public Optional<Message> find(MessageId id) {
        return find(id, null);
    }

    /** The message with this id, by primary key, within {@code budget} (null: no query timeout). */
    public Optional<Message> find(MessageId id, StatementBudget budget) {
        List<Message> found = query("SELECT " + MessageRows.COLUMNS + ", context FROM messages WHERE id = ?", true,
                statement -> {
                    if (budget != null) {
                        budget.bound(statement);
                    }
                    statement.setString(1, id.value());
                });
        return found.stream().findFirst();
    }

    /** Whether an operator hid the message with this id (false when there is none), by primary key. */
    public boolean isHidden(MessageId id) {
        return single("SELECT COUNT(*) FROM messages WHERE id = ? AND hidden = TRUE",
                statement -> statement.setString(1, id.value())) > 0;
    }

    /** The newest {@code limit} messages, slim, oldest first. */
    public List<Message> newest(int limit) {
        return page(0, limit, null, null);
    }

    /** The first {@code limit} messages after {@code cursor}, newest first (see RecentWindow#after). */
    public List<Message> after(long cursor, MessageType type, int limit) {
        String typeClause = type == null ? "" : " AND message_type = ?";
        List<Message> found = query("SELECT " + MessageRows.LIST_COLUMNS + " FROM messages WHERE ts > ? AND "
                + MessageRows.VISIBLE + typeClause
                + " ORDER BY ts ASC OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY", true, statement -> {
                    int i = 1;
                    statement.setLong(i++, cursor);
                    if (type != null) {
                        statement.setString(i++, type.wireName());
                    }
                    statement.setInt(i, limit);
                });
        Collections.reverse(found);
        return found;
    }

    /**
     * A page counted from the newest end, returned oldest first. Without a search it skips from the nearer end over
     * timestamps only ({@link HistoryPages}); a search's page is found by the search's own index (PostgreSQL's
     * trigram indexes, V5) or the {@code ts} index, whichever the planner finds cheaper.
     */
    public List<Message> page(int offset, int limit, MessageType type, String search) {
        if (search == null || search.isBlank()) {
            return HistoryPages.page(dataSource.get(), offset, limit, type);
        }
        return SearchQueries.page(dataSource, offset, limit, type, search);
    }

    /**
     * Count of messages matching a free-text search (on PostgreSQL through the trigram indexes, reading every match;
     * on H2 a scan). Totals without a search come from the kept counts.
     */
    public long countMatching(MessageType type, String search) {
        return countMatching(type, search, Long.MIN_VALUE, Long.MIN_VALUE).newer();
    }

    /** The matches of a search newer than {@code after}; see {@link SearchQueries#count}. */
    public SearchMatches countMatching(MessageType type, String search, long after, long settledUntil) {
        return SearchQueries.count(dataSource, type, search, after, settledUntil);
    }

    /** Messages of the given users (search key, and color when the filter has one), newest first. */
    public List<Message> byUsers(List<UserFilter> users, int limit) {
        return byUsers(users, 0, limit);
    }

    /** A page of {@link #byUsers(List, int)}: skips the newest {@code offset} (one index walk per user, {@link UserQueries}). */
    public List<Message> byUsers(List<UserFilter> users, int offset, int limit) {
        UserQueries queries = UserQueries.of(users);
        if (queries.isEmpty()) {
            return List.of();
        }
        return query(queries.page(), true, statement -> queries.bindPage(statement, offset, limit));
    }

    /** How many messages {@link #byUsers(List, int, int)} can page through: exact, a count per user. */
    public long countByUsers(List<UserFilter> users) {
        UserQueries queries = UserQueries.of(users);
        if (queries.isEmpty()) {
            return 0;
        }
        return single(queries.count(), queries::bindCount);
    }

    public MessageCounts counts() {
        long human = single("SELECT n FROM message_counts WHERE message_type = 'human'", statement -> { });
        long ai = single("SELECT n FROM message_counts WHERE message_type = 'AI'", statement -> { });
        return new MessageCounts(human, ai);
    }

    public long maxTimestamp() {
        return single("SELECT COALESCE(MAX(ts), 0) FROM messages", statement -> { });
    }

    /** Persona-addressed messages still waiting, oldest first (for rebuilding the bot queue). */
    public List<Message> unprocessed(int limit) {
        return query("SELECT " + MessageRows.COLUMNS + ", context FROM messages WHERE bot_entity IS NOT NULL AND " + MessageRows.VISIBLE
                + " AND bot_processed = FALSE AND message_type = 'human' ORDER BY ts ASC OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY",
                true, statement -> statement.setInt(1, limit));
    }

    /**
     * Persona-addressed messages still to be answered (status pending or processing; not failed, not complete),
     * oldest first, without context: what the bot queue is rebuilt from. Walks the {@code (bot_processed, ts)} index.
     */
    public List<Message> awaitingReply(int limit) {
        return query("SELECT " + MessageRows.COLUMNS + " FROM messages WHERE bot_processed = FALSE AND bot_entity IS NOT NULL AND "
                + MessageRows.VISIBLE
                + " AND message_type = 'human' AND (bot_status IS NULL OR bot_status IN ('pending', 'processing'))"
                + " ORDER BY ts ASC OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY", false, statement -> statement.setInt(1, limit));
    }

    private List<Message> query(String sql, boolean withContext, Statements.Binder binder) {
        return Statements.messages(dataSource, sql, withContext, binder);
    }

    private long single(String sql, Statements.Binder binder) {
        return Statements.number(dataSource, sql, binder);
    }

    /**
     * Runs {@code work} in one transaction. A failure before the commit is asked for (no connection, a statement
     * refused) cannot have stored anything and says so ({@link NothingStoredException}); only the commit itself
     * can fail without telling whether it happened.
     */
    private void inTransaction(Work work) {
        Connection connection;
        try {
            connection = dataSource.get().getConnection();
        } catch (SQLException | RuntimeException e) {
            throw nothingStored(e);
        }
        try (connection) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                try {
                    work.run(connection);
                } catch (SQLException | RuntimeException e) {
                    rollBack(connection, e);
                    throw nothingStored(e);
                }
                try {
                    connection.commit();
                } catch (SQLException | RuntimeException e) { // its outcome unknown: the caller must read it back
                    rollBack(connection, e);
                    throw e;
                }
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException | RuntimeException e) {
            throw unavailable(e);
        }
    }

    private static void rollBack(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e); // never committed either way: the connection is discarded by the pool
        }
    }

    /** {@link #unavailable} for a failure known to have stored nothing (Chorus's own refusals pass unchanged). */
    private static RuntimeException nothingStored(Exception e) {
        RuntimeException failure = unavailable(e);
        if (failure.getClass() != StorageUnavailableException.class) {
            return failure; // already precise: stale writer, taken timestamp, nothing stored
        }
        return new NothingStoredException(failure.getMessage(), failure.getCause());
    }

    /**
     * Database failures as Chorus's own exception, with the driver's exception flattened into a JDK one (same
     * text and stack): these cross the grid from MapStores and loaders, and a member without the driver's
     * classes (PSQLException) could not deserialise them and would hang instead of answering.
     */
    static RuntimeException unavailable(Exception e) {
        if (e instanceof StorageUnavailableException s) {
            return s;
        }
        if (e instanceof StampedInsertBatch.TimestampTaken taken) {
            return taken;
        }
        RuntimeException flat = new RuntimeException(e.getClass().getName() + ": " + e.getMessage());
        flat.setStackTrace(e.getStackTrace());
        String state = e instanceof SQLException sql && sql.getSQLState() != null ? " [" + sql.getSQLState() + "]" : "";
        return new StorageUnavailableException("database error" + state + ": " + e.getMessage(), flat);
    }

    @FunctionalInterface
    private interface Work {
        Object run(Connection connection) throws SQLException;
    }
}
