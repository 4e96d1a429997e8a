package dev.chorus.infrastructure.persistence;

import dev.chorus.application.moderation.AuditEntry;
import dev.chorus.application.moderation.AuditLog;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/** {@link AuditLog} on the {@code audit_log} table (V4): one insert per action, read newest first by its key. */
@ApplicationScoped
public class JdbcAuditLog implements AuditLog {

    @Inject
    ChorusDatabase database;

    private Sql sql;

    @PostConstruct
    void init() {
        sql = database.sql();
    }

    @Override
    public void record(AuditEntry entry) {
        sql.update("INSERT INTO audit_log (at_millis, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)", s -> {
            s.setLong(1, entry.at());
            s.setString(2, entry.actor());
            s.setString(3, entry.action());
            s.setString(4, cut(entry.target(), 253));
            s.setString(5, cut(entry.detail(), 1000));
        });
    }

    @Override
    public List<AuditEntry> newest(int limit) {
        return sql.query("SELECT seq, at_millis, actor, action, target, detail FROM audit_log ORDER BY seq DESC"
                + " OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY", s -> s.setInt(1, limit),
                row -> new AuditEntry(row.getLong(1), row.getLong(2), row.getString(3), row.getString(4),
                        row.getString(5), row.getString(6)));
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
