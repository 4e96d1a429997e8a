package dev.chorus.infrastructure.persistence;

import dev.chorus.application.bot.PersonaActivity;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
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
}
