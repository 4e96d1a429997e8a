package dev.chorus.application.bot;

import dev.chorus.application.moderation.AuditEntry;
import dev.chorus.application.moderation.AuditLog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** The operator's switches and audit log in memory, for {@link InMemoryBot}. */
final class InMemoryOperatorStores {
    private InMemoryOperatorStores() {
    }

    /** The pause switch; no persona switches (the in-memory directory answers as it was given). */
    static final class Switches implements OperatorSwitches {
        private volatile boolean paused;

        @Override
        public boolean paused() {
            return paused;
        }

        @Override
        public void setPaused(boolean value) {
            paused = value;
        }

        @Override
        public Map<String, PersonaSwitch> personaSwitches() {
            return Map.of();
        }

        @Override
        public void setPersonaEnabled(String personaId, boolean enabled) {
            throw new UnsupportedOperationException();
        }
    }

    static final class Audit implements AuditLog {
        final List<AuditEntry> entries = new CopyOnWriteArrayList<>();

        @Override
        public void record(AuditEntry entry) {
            entries.add(entry);
        }

        @Override
        public List<AuditEntry> newest(int limit) {
            List<AuditEntry> newestFirst = new ArrayList<>(entries);
            Collections.reverse(newestFirst);
            return newestFirst.stream().limit(limit).toList();
        }
    }
}
