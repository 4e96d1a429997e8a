package dev.chorus.infrastructure.persistence;

import dev.chorus.application.moderation.AuditEntry;
import dev.chorus.application.moderation.AuditLog;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * {@link AuditLog} on the {@code audit_log} table (V4): one insert per action, read newest first by its key. An
 * entry that cannot be written (the action itself took effect) is counted in {@code chorus_audit_failures_total}
 * and logged once per run of failures, not once per action: the log says it started and when it ended.
 */
@ApplicationScoped
public class JdbcAuditLog implements AuditLog {
    private static final Logger LOG = Logger.getLogger(JdbcAuditLog.class.getName());

    @Inject
    ChorusDatabase database;

    @Inject
    MetricRegistry metrics;

    private Sql sql;
    private Counter failures;
    /** Entries lost since the last one written; 0: the log is complete as far as this member knows. */
    private final AtomicLong failing = new AtomicLong();

    @PostConstruct
    void init() {
        sql = database.sql();
        failures = metrics.counter("chorus.audit.failures");
    }

    @Override
    public void record(AuditEntry entry) {
        insert(entry);
        long lost = failing.getAndSet(0);
        if (lost > 0) {
            LOG.warning(() -> "Audit entries written again; " + lost + " operator action(s) before this one have no"
                    + " entry (chorus_audit_failures_total)");
        }
    }

    @Override
    public void notRecorded(String action, String target, RuntimeException cause) {
        failures.inc();
        if (failing.getAndIncrement() == 0) {
            LOG.warning(() -> "Audit entry not written (" + action + " " + target + "), the action took effect: "
                    + cause.getMessage() + ". Counting further failures in chorus_audit_failures_total,"
                    + " not logging each");
        }
    }

    private void insert(AuditEntry entry) {
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
