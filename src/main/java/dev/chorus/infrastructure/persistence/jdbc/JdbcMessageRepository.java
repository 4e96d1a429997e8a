package dev.chorus.infrastructure.persistence.jdbc;

import dev.chorus.domain.BotParams;
import dev.chorus.domain.BotStatus;
import dev.chorus.domain.Color;
import dev.chorus.domain.Message;
import dev.chorus.domain.MessageCounts;
import dev.chorus.domain.MessageId;
import dev.chorus.domain.MessageType;
import dev.chorus.domain.StorageUnavailableException;
import dev.chorus.domain.UserFilter;
import dev.chorus.domain.Usernames;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The {@code messages} table and its kept counts. Every query that lists messages uses the {@code ts} index;
 * only a free-text {@code search} has to scan, which the page endpoint accepts as the price of substring search.
 */
public class JdbcMessageRepository {
    private static final String COLUMNS = "id, ts, client_ts, text, username, color, domain, language, message_type,"
            + " misc, reply_to, bot_entity, bot_priority, bot_model, bot_ais, bot_nom, bot_processed, bot_status,"
            + " bot_attempts, bot_reply_id, bot_last_error";
    /** Lists carry context only for messages addressed to a persona (docs/api.md); others do not even read it. */
    private static final String LIST_COLUMNS = COLUMNS + ", CASE WHEN bot_entity IS NULL THEN NULL ELSE context END AS context";
    private static final String INSERT = "INSERT INTO messages (" + COLUMNS + ", username_key, context)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String UPDATE = "UPDATE messages SET ts = ?, client_ts = ?, text = ?, username = ?, color = ?,"
            + " domain = ?, language = ?, message_type = ?, misc = ?, reply_to = ?, bot_entity = ?, bot_priority = ?,"
            + " bot_model = ?, bot_ais = ?, bot_nom = ?, bot_processed = ?, bot_status = ?, bot_attempts = ?,"
            + " bot_reply_id = ?, bot_last_error = ?, username_key = ?, context = ? WHERE id = ?";

    private final Supplier<DataSource> dataSource;

    public JdbcMessageRepository(Supplier<DataSource> dataSource) {
        this.dataSource = dataSource;
    }

    /** Inserts or updates one message; a new row also bumps the kept count, in the same transaction. */
    public void save(Message message) {
        inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(UPDATE)) {
                int next = bindFields(update, message, 1);
                update.setString(next, message.id().value());
                if (update.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                insert.setString(1, message.id().value());
                bindFields(insert, message, 2);
                insert.executeUpdate();
            }
            try (PreparedStatement count = connection.prepareStatement(
                    "UPDATE message_counts SET n = n + 1 WHERE message_type = ?")) {
                count.setString(1, message.type().wireName());
                count.executeUpdate();
            }
            return null;
        });
    }

    public Optional<Message> find(MessageId id) {
        List<Message> found = query("SELECT " + COLUMNS + ", context FROM messages WHERE id = ?", true,
                statement -> statement.setString(1, id.value()));
        return found.stream().findFirst();
    }

    /** The newest {@code limit} messages, slim, oldest first. */
    public List<Message> newest(int limit) {
        return page(0, limit, null, null);
    }

    /** The first {@code limit} messages after {@code cursor}, newest first (see RecentWindow#after). */
    public List<Message> after(long cursor, MessageType type, int limit) {
        String typeClause = type == null ? "" : " AND message_type = ?";
        List<Message> found = query("SELECT " + LIST_COLUMNS + " FROM messages WHERE ts > ?" + typeClause
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

    /** A page counted from the newest end, returned oldest first. */
    public List<Message> page(int offset, int limit, MessageType type, String search) {
        Filter filter = Filter.of(type, search);
        List<Message> found = query("SELECT " + LIST_COLUMNS + " FROM messages" + filter.where
                + " ORDER BY ts DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY", true, statement -> {
                    int i = filter.bind(statement, 1);
                    statement.setInt(i++, offset);
                    statement.setInt(i, limit);
                });
        Collections.reverse(found);
        return found;
    }

    /** Count of messages matching a free-text search (a scan; totals without search come from the counts). */
    public long countMatching(MessageType type, String search) {
        Filter filter = Filter.of(type, search);
        return single("SELECT COUNT(*) FROM messages" + filter.where, statement -> filter.bind(statement, 1));
    }

    /** Messages of the given users (search key, and color when the filter has one), newest first. */
    public List<Message> byUsers(List<UserFilter> users, int limit) {
        return byUsers(users, 0, limit);
    }

    /** A page of {@link #byUsers(List, int)}: skips the newest {@code offset}. */
    public List<Message> byUsers(List<UserFilter> users, int offset, int limit) {
        if (users.isEmpty()) {
            return List.of();
        }
        return query("SELECT " + LIST_COLUMNS + " FROM messages WHERE " + userClauses(users)
                + " ORDER BY ts DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY", true, statement -> {
                    int i = bindUsers(statement, users);
                    statement.setInt(i++, offset);
                    statement.setInt(i, limit);
                });
    }

    /** How many messages {@link #byUsers(List, int, int)} can page through (the {@code username_key} index). */
    public long countByUsers(List<UserFilter> users) {
        if (users.isEmpty()) {
            return 0;
        }
        return single("SELECT COUNT(*) FROM messages WHERE " + userClauses(users), statement -> bindUsers(statement, users));
    }

    private static String userClauses(List<UserFilter> users) {
        return users.stream()
                .map(user -> user.color() == null ? "username_key = ?" : "(username_key = ? AND color = ?)")
                .collect(java.util.stream.Collectors.joining(" OR "));
    }

    private static int bindUsers(PreparedStatement statement, List<UserFilter> users) throws SQLException {
        int i = 1;
        for (UserFilter user : users) {
            statement.setString(i++, user.key());
            if (user.color() != null) {
                statement.setString(i++, user.color().digits());
            }
        }
        return i;
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
        return query("SELECT " + COLUMNS + ", context FROM messages WHERE bot_entity IS NOT NULL"
                + " AND bot_processed = FALSE AND message_type = 'human' ORDER BY ts ASC OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY",
                true, statement -> statement.setInt(1, limit));
    }

    /**
     * Persona-addressed messages still to be answered (status pending or processing; not failed, not complete),
     * oldest first, without context: what the bot queue is rebuilt from. Walks the {@code (bot_processed, ts)} index.
     */
    public List<Message> awaitingReply(int limit) {
        return query("SELECT " + COLUMNS + " FROM messages WHERE bot_processed = FALSE AND bot_entity IS NOT NULL"
                + " AND message_type = 'human' AND (bot_status IS NULL OR bot_status IN ('pending', 'processing'))"
                + " ORDER BY ts ASC OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY", false, statement -> statement.setInt(1, limit));
    }

    private static int bindFields(PreparedStatement statement, Message m, int start) throws SQLException {
        int i = start;
        BotParams bot = m.botParams();
        statement.setLong(i++, m.timestamp());
        setLong(statement, i++, m.clientTimestamp());
        statement.setString(i++, m.text());
        statement.setString(i++, m.username());
        statement.setString(i++, m.color().digits());
        statement.setString(i++, m.domain());
        statement.setString(i++, m.language());
        statement.setString(i++, m.type().wireName());
        statement.setString(i++, m.misc());
        statement.setString(i++, m.replyTo());
        statement.setString(i++, bot == null ? null : bot.entity());
        setInt(statement, i++, bot == null ? null : bot.priority());
        statement.setString(i++, bot == null ? null : bot.model());
        statement.setString(i++, bot == null ? null : bot.ais());
        statement.setString(i++, bot == null ? null : bot.nom());
        if (bot == null || bot.processed() == null) {
            statement.setNull(i++, Types.BOOLEAN);
        } else {
            statement.setBoolean(i++, bot.processed());
        }
        statement.setString(i++, bot == null || bot.status() == null ? null : bot.status().wireName());
        setInt(statement, i++, bot == null ? null : bot.attempts());
        statement.setString(i++, bot == null ? null : bot.replyId());
        statement.setString(i++, bot == null ? null : bot.lastError());
        statement.setString(i++, Usernames.searchKey(m.username()));
        statement.setString(i++, LinesCodec.encode(m.context()));
        return i;
    }

    private static Message read(ResultSet row, boolean withContext) throws SQLException {
        String entity = row.getString("bot_entity");
        boolean processed = row.getBoolean("bot_processed");
        Boolean processedOrNull = row.wasNull() ? null : processed;
        String status = row.getString("bot_status");
        BotParams bot = new BotParams(entity, getInt(row, "bot_priority"), row.getString("bot_model"),
                row.getString("bot_ais"), row.getString("bot_nom"), processedOrNull,
                status == null ? null : BotStatus.fromWire(status), getInt(row, "bot_attempts"),
                row.getString("bot_reply_id"), row.getString("bot_last_error"));
        long clientTs = row.getLong("client_ts");
        Long clientTimestamp = row.wasNull() ? null : clientTs;
        return new Message(new MessageId(row.getString("id")), row.getString("text"), row.getLong("ts"),
                clientTimestamp, row.getString("username"), new Color(row.getString("color")),
                row.getString("domain"), row.getString("language"), MessageType.fromWire(row.getString("message_type")),
                row.getString("misc"), withContext ? LinesCodec.decode(row.getString("context")) : null, bot,
                row.getString("reply_to"));
    }

    private static Integer getInt(ResultSet row, String column) throws SQLException {
        int value = row.getInt(column);
        return row.wasNull() ? null : value;
    }

    private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    private static void setInt(PreparedStatement statement, int index, Integer value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setInt(index, value);
        }
    }

    private List<Message> query(String sql, boolean withContext, Binder binder) {
        try (Connection connection = dataSource.get().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            try (ResultSet rows = statement.executeQuery()) {
                List<Message> found = new ArrayList<>();
                while (rows.next()) {
                    found.add(read(rows, withContext));
                }
                return found;
            }
        } catch (SQLException | RuntimeException e) {
            throw unavailable(e);
        }
    }

    private long single(String sql, Binder binder) {
        try (Connection connection = dataSource.get().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        } catch (SQLException | RuntimeException e) {
            throw unavailable(e);
        }
    }

    private void inTransaction(Work work) {
        try (Connection connection = dataSource.get().getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                work.run(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException | RuntimeException e) {
            throw unavailable(e);
        }
    }

    private static StorageUnavailableException unavailable(Exception e) {
        return e instanceof StorageUnavailableException s ? s
                : new StorageUnavailableException("database error: " + e.getMessage(), e);
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    @FunctionalInterface
    private interface Work {
        Object run(Connection connection) throws SQLException;
    }

    /** The WHERE clause shared by page and count: optional type and case-insensitive substring of text or name. */
    private record Filter(String where, MessageType type, String pattern) {
        static Filter of(MessageType type, String search) {
            List<String> clauses = new ArrayList<>();
            if (type != null) {
                clauses.add("message_type = ?");
            }
            String pattern = null;
            if (search != null && !search.isBlank()) {
                clauses.add("(LOWER(text) LIKE ? ESCAPE '!' OR LOWER(username) LIKE ? ESCAPE '!')");
                pattern = "%" + search.toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
            }
            return new Filter(clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses), type, pattern);
        }

        int bind(PreparedStatement statement, int start) throws SQLException {
            int i = start;
            if (type != null) {
                statement.setString(i++, type.wireName());
            }
            if (pattern != null) {
                statement.setString(i++, pattern);
                statement.setString(i++, pattern);
            }
            return i;
        }
    }
}
