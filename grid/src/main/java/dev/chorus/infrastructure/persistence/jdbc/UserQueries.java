package dev.chorus.infrastructure.persistence.jdbc;

import dev.chorus.domain.UserFilter;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The SQL of a user search ({@code uss}), one index walk per user instead of one query over an OR of them. With
 * an OR, PostgreSQL either walks the whole {@code ts} index filtering for the users (at one user in a thousand,
 * 25,000 rows for a page of 50) or reads every match to sort them; here each user's newest messages come from its
 * own {@code (username_key, ts)} index range and the total is a sum of index-only counts ({@code messages_visible_user},
 * V5). That is exact because the users are first made disjoint: a name without a color covers that name in every
 * color, and a term repeated counts once.
 */
final class UserQueries {
    private final List<UserFilter> users;

    private UserQueries(List<UserFilter> users) {
        this.users = users;
    }

    /** The terms made disjoint: per search key, the key alone if any term has no color, else its distinct colors. */
    static UserQueries of(List<UserFilter> terms) {
        Map<String, Set<UserFilter>> byKey = new LinkedHashMap<>();
        for (UserFilter term : terms) {
            byKey.computeIfAbsent(term.key(), key -> new LinkedHashSet<>()).add(term);
        }
        List<UserFilter> disjoint = new ArrayList<>();
        byKey.forEach((key, filters) -> {
            if (filters.stream().anyMatch(f -> f.color() == null)) {
                disjoint.add(new UserFilter(key, null));
            } else {
                disjoint.addAll(filters);
            }
        });
        return new UserQueries(disjoint);
    }

    boolean isEmpty() {
        return users.isEmpty();
    }

    /** The newest messages of all users from {@code offset} on: each user's newest offset + limit, merged. */
    String page() {
        String perUser = users.stream().map(user -> "(SELECT " + MessageRows.LIST_COLUMNS + " FROM messages WHERE "
                        + MessageRows.VISIBLE + " AND " + clause(user) + " ORDER BY ts DESC FETCH NEXT ? ROWS ONLY)")
                .collect(Collectors.joining(" UNION ALL "));
        return "SELECT * FROM (" + perUser + ") AS matched ORDER BY ts DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY";
    }

    /** Binds {@link #page()}: each user's key (and color) and its row bound, then offset and limit. */
    void bindPage(PreparedStatement statement, int offset, int limit) throws SQLException {
        int i = 1;
        for (UserFilter user : users) {
            i = bind(statement, user, i);
            statement.setLong(i++, (long) offset + limit); // an offset near 2^31 must not wrap
        }
        statement.setInt(i++, offset);
        statement.setInt(i, limit);
    }

    /** The true total: a sum of one count per (disjoint) user. */
    String count() {
        return "SELECT " + users.stream().map(user -> "(SELECT COUNT(*) FROM messages WHERE " + MessageRows.VISIBLE
                + " AND " + clause(user) + ")").collect(Collectors.joining(" + "));
    }

    void bindCount(PreparedStatement statement) throws SQLException {
        int i = 1;
        for (UserFilter user : users) {
            i = bind(statement, user, i);
        }
    }

    private static String clause(UserFilter user) {
        return user.color() == null ? "username_key = ?" : "username_key = ? AND color = ?";
    }

    private static int bind(PreparedStatement statement, UserFilter user, int start) throws SQLException {
        int i = start;
        statement.setString(i++, user.key());
        if (user.color() != null) {
            statement.setString(i++, user.color().digits());
        }
        return i;
    }
}
