package dev.chorus.infrastructure.persistence;

import dev.chorus.application.bot.PersonaActivity;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * {@link PersonaActivity} from the {@code messages} table: one pass of the {@code ts} index over the last hour,
 * counting the persona's messages answered with a reply and those failed. Asked only by the operator console
 * (every 2 s while it is open), never on a board path.
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
    public LastHour lastHour(String personaId) {
        long since = System.currentTimeMillis() - HOUR_MILLIS;
        return sql.query("SELECT COALESCE(SUM(CASE WHEN bot_status = 'complete' AND bot_reply_id IS NOT NULL"
                + " THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN bot_status = 'failed' THEN 1 ELSE 0 END), 0)"
                + " FROM messages WHERE ts > ? AND bot_entity = ? AND message_type = 'human'", s -> {
                    s.setLong(1, since);
                    s.setString(2, personaId);
                }, row -> new LastHour(row.getLong(1), row.getLong(2))).get(0);
    }
}
