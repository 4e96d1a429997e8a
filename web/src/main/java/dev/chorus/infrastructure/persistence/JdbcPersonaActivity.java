package dev.chorus.infrastructure.persistence;

import dev.chorus.application.bot.PersonaActivity;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link PersonaActivity} from the {@code messages} table: one query for every persona at once — one pass of the
 * {@code ts} index over the last hour, grouped by persona — counting the messages answered with a reply and those
 * failed. Asked only by the operator console (every 2 s while it is open), never on a board path.
 */
@ApplicationScoped
public class JdbcPersonaActivity implements PersonaActivity {
    private static final long HOUR_MILLIS = 3_600_000;

    @Inject
    ChorusDatabase database;

    private Sql sql;

    @PostConstruct
    void init() {
        sql = database.sql();
    }

    @Override
    public Map<String, LastHour> lastHour() {
        long since = System.currentTimeMillis() - HOUR_MILLIS;
        Map<String, LastHour> found = new HashMap<>();
        sql.query("SELECT bot_entity, COALESCE(SUM(CASE WHEN bot_status = 'complete' AND bot_reply_id IS NOT NULL"
                + " THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN bot_status = 'failed' THEN 1 ELSE 0 END), 0)"
                + " FROM messages WHERE ts > ? AND bot_entity IS NOT NULL AND message_type = 'human'"
                + " GROUP BY bot_entity", s -> s.setLong(1, since),
                row -> found.put(row.getString(1), new LastHour(row.getLong(2), row.getLong(3))));
        return Map.copyOf(found);
    }

    /** The message's row and its reply's, joined on the reply id: the {@code ts} index, then primary keys. */
    @Override
    public List<ReplyLatency> replyLatencies(int limit) {
        long since = System.currentTimeMillis() - HOUR_MILLIS;
        List<ReplyLatency> newestFirst = sql.query("SELECT m.ts, r.ts - m.ts FROM messages m JOIN messages r"
                + " ON r.id = m.bot_reply_id WHERE m.ts > ? AND m.bot_status = 'complete' AND m.message_type = 'human'"
                + " ORDER BY m.ts DESC OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY", s -> {
                    s.setLong(1, since);
                    s.setInt(2, limit);
                }, row -> new ReplyLatency(row.getLong(1), row.getLong(2)));
        List<ReplyLatency> oldestFirst = new ArrayList<>(newestFirst);
        Collections.reverse(oldestFirst);
        return oldestFirst;
    }
}
