package dev.chorus.infrastructure.persistence.jdbc;

import dev.chorus.domain.MessageType;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The WHERE clause shared by page and count: visible messages only, optional type and case-insensitive substring of text or name. */
record SearchFilter(String where, MessageType type, String pattern) {
    static SearchFilter of(MessageType type, String search) {
        List<String> clauses = new ArrayList<>();
        clauses.add(MessageRows.VISIBLE);
        if (type != null) {
            clauses.add("message_type = ?");
        }
        String pattern = null;
        if (search != null && !search.isBlank()) {
            clauses.add("(LOWER(text) LIKE ? ESCAPE '!' OR LOWER(username) LIKE ? ESCAPE '!')");
            pattern = "%" + search.toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
        }
        return new SearchFilter(" WHERE " + String.join(" AND ", clauses), type, pattern);
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
