package dev.chorus.infrastructure.persistence.jdbc;

import dev.chorus.domain.BotParams;
import dev.chorus.domain.BotStatus;
import dev.chorus.domain.Color;
import dev.chorus.domain.Message;
import dev.chorus.domain.MessageId;
import dev.chorus.domain.MessageType;
import dev.chorus.domain.Usernames;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/** How a {@link Message} is a row of {@code messages}: the column lists, and binding and reading one row. */
final class MessageRows {
    static final String COLUMNS = "id, ts, client_ts, text, username, color, domain, language, message_type,"
            + " misc, reply_to, bot_entity, bot_priority, bot_model, bot_ais, bot_nom, bot_processed, bot_status,"
            + " bot_attempts, bot_reply_id, bot_last_error";
    /** Lists carry context only for messages addressed to a persona (docs/api.md); others do not even read it. */
    /**
     * The one rule of what readers see: every list, search, user search and count leaves hidden messages out
     * (docs/api.md, "Moderation"); only a lookup by id and the highest timestamp see them.
     */
    static final String VISIBLE = "hidden = FALSE";
    static final String LIST_COLUMNS = COLUMNS + ", CASE WHEN bot_entity IS NULL THEN NULL ELSE context END AS context";
    static final String INSERT = "INSERT INTO messages (" + COLUMNS + ", username_key, context)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String UPDATE = "UPDATE messages SET ts = ?, client_ts = ?, text = ?, username = ?, color = ?,"
            + " domain = ?, language = ?, message_type = ?, misc = ?, reply_to = ?, bot_entity = ?, bot_priority = ?,"
            + " bot_model = ?, bot_ais = ?, bot_nom = ?, bot_processed = ?, bot_status = ?, bot_attempts = ?,"
            + " bot_reply_id = ?, bot_last_error = ?, username_key = ?, context = ? WHERE id = ?";

    private MessageRows() {
    }

    /**
     * Binds {@code m}'s fields from {@code ts} on, in {@link #UPDATE}'s order (which {@link #INSERT} shares after
     * the id), ending with the search key and the context; returns the next parameter index.
     */
    static int bindFields(PreparedStatement statement, Message m, int start) throws SQLException {
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

    /** The message on {@code row}; its context only when {@code withContext} (list queries leave it out). */
    static Message read(ResultSet row, boolean withContext) throws SQLException {
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
}
