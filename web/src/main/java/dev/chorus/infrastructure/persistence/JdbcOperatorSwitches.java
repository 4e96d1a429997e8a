package dev.chorus.infrastructure.persistence;

import dev.chorus.application.bot.OperatorSwitches;
import dev.chorus.infrastructure.personas.PersonaCatalog;
import dev.chorus.infrastructure.personas.SwitchedEntries;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link OperatorSwitches} on the {@code operator_settings} table (V4), one row per switch ({@code bot.paused},
 * {@code persona.<id>.enabled}): the table is the cluster's one copy, this member's {@link TableCopy} of it
 * answers (a switch set on another member holds here within a second). A persona switch is stored with the hash
 * of the persona's entities-file entry on this member at that moment ({@code entry_hash}, V6; {@link
 * SwitchedEntries}), so which of the switch and the file wins needs no clock.
 */
@ApplicationScoped
public class JdbcOperatorSwitches implements OperatorSwitches, SwitchedEntries {
    static final String PAUSED = "bot.paused";
    private static final String PERSONA = "persona.";
    private static final String ENABLED = ".enabled";

    @Inject
    ChorusDatabase database;

    @Inject
    PersonaCatalog catalog;

    private Sql sql;
    private final TableCopy<Switches> copy = new TableCopy<>(this::read);

    private record Switches(boolean paused, Map<String, PersonaSwitch> personas, Map<String, String> entryHashes) {
    }

    private record Row(String name, String setting, long changedAt, String entryHash) {
    }

    @PostConstruct
    void init() {
        sql = database.sql();
    }

    @Override
    public boolean paused() {
        return copy.get().paused();
    }

    @Override
    public void setPaused(boolean value) {
        write(PAUSED, Boolean.toString(value), null);
    }

    @Override
    public Map<String, PersonaSwitch> personaSwitches() {
        return copy.get().personas();
    }

    @Override
    public void setPersonaEnabled(String personaId, boolean enabled) {
        write(PERSONA + personaId + ENABLED, Boolean.toString(enabled),
                catalog.snapshot().entryHash(personaId).orElse(null));
    }

    @Override
    public Map<String, String> entryHashes() {
        return copy.get().entryHashes();
    }

    private Switches read() {
        List<Row> rows = sql.query("SELECT name, setting, changed_at, entry_hash FROM operator_settings", s -> { },
                row -> new Row(row.getString(1), row.getString(2), row.getLong(3), row.getString(4)));
        boolean paused = false;
        Map<String, PersonaSwitch> personas = new HashMap<>();
        Map<String, String> entryHashes = new HashMap<>();
        for (Row row : rows) {
            if (row.name().equals(PAUSED)) {
                paused = Boolean.parseBoolean(row.setting());
            } else if (row.name().startsWith(PERSONA) && row.name().endsWith(ENABLED)) {
                String id = row.name().substring(PERSONA.length(), row.name().length() - ENABLED.length());
                personas.put(id, new PersonaSwitch(Boolean.parseBoolean(row.setting()), row.changedAt()));
                if (row.entryHash() != null) {
                    entryHashes.put(id, row.entryHash());
                }
            }
        }
        return new Switches(paused, Map.copyOf(personas), Map.copyOf(entryHashes));
    }

    /**
     * One statement that inserts the row or replaces it: two members setting a switch for the first time at once
     * must not collide on the key (an UPDATE, then an INSERT when it found nothing, does).
     */
    private void write(String name, String setting, String entryHash) {
        long now = System.currentTimeMillis();
        sql.update(sql.either(
                "MERGE INTO operator_settings (name, setting, changed_at, entry_hash) KEY (name) VALUES (?, ?, ?, ?)",
                "INSERT INTO operator_settings (name, setting, changed_at, entry_hash) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (name) DO UPDATE SET setting = EXCLUDED.setting,"
                        + " changed_at = EXCLUDED.changed_at, entry_hash = EXCLUDED.entry_hash"), s -> {
                            s.setString(1, name);
                            s.setString(2, setting);
                            s.setLong(3, now);
                            s.setString(4, entryHash);
                        });
        copy.reread();
    }
}
