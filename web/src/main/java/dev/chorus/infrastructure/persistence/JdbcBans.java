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
 * member and across restarts. Every POST asks for the bans in force; they come from this member's {@link TableCopy}
 * (a ban added on another member holds here within a second). The copy is only read: expired rows are deleted when
 * a ban is added, not on the POSTs' path.
 */
@ApplicationScoped
public class JdbcBans implements BanStore {
    @Inject
    ChorusDatabase database;

    private Sql sql;
    private final TableCopy<List<Ban>> inForce = new TableCopy<>(this::read);

    @PostConstruct
    void init() {
        sql = database.sql();
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
        // the table keeps only bans in force (the audit log keeps their history)
        sql.update("DELETE FROM bans WHERE expires_at <= ?", s -> s.setLong(1, System.currentTimeMillis()));
        inForce.reread();
    }

    @Override
    public boolean remove(String id) {
        boolean removed = sql.update("DELETE FROM bans WHERE id = ?", s -> s.setString(1, id)) == 1;
        inForce.reread();
        return removed;
    }

    @Override
    public List<Ban> active(long now) {
        return inForce.get().stream().filter(ban -> ban.expiresAt() > now).toList();
    }

    @Override
    public Optional<Ban> find(String id) {
        return active(System.currentTimeMillis()).stream().filter(ban -> ban.id().equals(id)).findFirst();
    }

    private List<Ban> read() {
        return sql.query("SELECT id, kind, subject, reason, created_at, expires_at FROM bans ORDER BY created_at DESC",
                s -> { }, row -> new Ban(row.getString(1),
                        Ban.Kind.valueOf(row.getString(2).toUpperCase(java.util.Locale.ROOT)), row.getString(3),
                        row.getString(4), row.getLong(5), row.getLong(6)));
    }
}
