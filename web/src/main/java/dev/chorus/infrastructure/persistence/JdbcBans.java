package dev.chorus.infrastructure.persistence;

import dev.chorus.application.moderation.Ban;
import dev.chorus.application.moderation.BanStore;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * {@link BanStore} on the {@code bans} table (V4): the table is the cluster's one copy, so a ban holds on every
 * member and across restarts. Every POST asks for the bans in force; they come from this member's copy, read again
 * from the table when it is older than {@link #FRESH_MILLIS} (and at once after a change made here). Trade-off: a
 * ban added on another member holds here within that second, for one small query per second per member instead of
 * one per POST; no grid structure to keep in step with the table.
 */
@ApplicationScoped
public class JdbcBans implements BanStore {
    static final long FRESH_MILLIS = 1_000;

    @Inject
    ChorusDatabase database;

    private Sql sql;
    private volatile Snapshot snapshot = new Snapshot(List.of(), 0);

    private record Snapshot(List<Ban> bans, long readAt) {
    }

    @PostConstruct
    void init() {
        database.prepare();
        sql = new Sql(database.dataSource());
    }

    @Override
    public void add(Ban ban) {
        sql.update("INSERT INTO bans (id, kind, subject, reason, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                s -> {
                    s.setString(1, ban.id());
                    s.setString(2, ban.kind().wireName());
                    s.setString(3, ban.subject());
                    s.setString(4, ban.reason());
                    s.setLong(5, ban.createdAt());
                    s.setLong(6, ban.expiresAt());
                });
        reload(System.currentTimeMillis());
    }

    @Override
    public boolean remove(String id) {
        boolean removed = sql.update("DELETE FROM bans WHERE id = ?", s -> s.setString(1, id)) == 1;
        reload(System.currentTimeMillis());
        return removed;
    }

    @Override
    public List<Ban> active(long now) {
        Snapshot current = snapshot;
        if (stale(current, now)) {
            synchronized (this) { // one read per member when it is due, however many POSTs arrive at that moment
                current = snapshot;
                if (stale(current, now)) {
                    current = reload(now);
                }
            }
        }
        return current.bans().stream().filter(ban -> ban.expiresAt() > now).toList();
    }

    private static boolean stale(Snapshot snapshot, long now) {
        return now - snapshot.readAt() >= FRESH_MILLIS || now < snapshot.readAt();
    }

    @Override
    public Optional<Ban> find(String id) {
        return active(System.currentTimeMillis()).stream().filter(ban -> ban.id().equals(id)).findFirst();
    }

    /** Expired rows are dropped here, so the table holds only bans in force (and the audit log their history). */
    private synchronized Snapshot reload(long now) {
        sql.update("DELETE FROM bans WHERE expires_at <= ?", s -> s.setLong(1, now));
        List<Ban> bans = sql.query("SELECT id, kind, subject, reason, created_at, expires_at FROM bans"
                + " ORDER BY created_at DESC", s -> { }, row -> new Ban(row.getString(1),
                Ban.Kind.valueOf(row.getString(2).toUpperCase(java.util.Locale.ROOT)), row.getString(3),
                row.getString(4), row.getLong(5), row.getLong(6)));
        Snapshot fresh = new Snapshot(bans, now);
        snapshot = fresh;
        return fresh;
    }
}
