package dev.chorus.domain;

/**
 * One change of the {@link RecentWindow}, as a value: what the window's owner decided, which every copy of the
 * window (the backup, each member's replica) applies to its own copy instead of receiving the whole window
 * again. Applying a change is deterministic — a stamp carries its timestamp, not the clock it was read from —
 * so every copy that held the same window before holds the same window after.
 */
public sealed interface WindowChange {

    /** The window after this change, from the window before it (null only for {@link Installed}). */
    RecentWindow applyTo(RecentWindow window);

    /** What this change mixes into the window's history fingerprint ({@link RecentWindow#chain()}). */
    long fingerprint();

    /** A post stamped pending, with the timestamp the owner gave it, being made durable by {@code writer}. */
    record Stamped(Message entry, String writer) implements WindowChange {
        @Override
        public RecentWindow applyTo(RecentWindow window) {
            return window.appendStamped(entry, writer);
        }

        @Override
        public long fingerprint() {
            return Chain.mix(Chain.mix(Chain.mix(1, entry.id().value()), entry.timestamp()),
                    writer == null ? 0 : writer.hashCode());
        }
    }

    /** A pending post made visible: it is durable. */
    record Committed(MessageId id) implements WindowChange {
        @Override
        public RecentWindow applyTo(RecentWindow window) {
            return window.commit(id);
        }

        @Override
        public long fingerprint() {
            return Chain.mix(2, id.value());
        }
    }

    /** A message updated in place (bot bookkeeping, a PATCH). */
    record Replaced(Message updated) implements WindowChange {
        @Override
        public RecentWindow applyTo(RecentWindow window) {
            return window.replace(updated);
        }

        @Override
        public long fingerprint() {
            return Chain.mix(Chain.mix(3, updated.id().value()),
                    updated.botParams() == null ? 0 : updated.botParams().progress());
        }
    }

    /** A pending post taken back: its durable write failed. */
    record Retracted(MessageId id) implements WindowChange {
        @Override
        public RecentWindow applyTo(RecentWindow window) {
            return window.retract(id);
        }

        @Override
        public long fingerprint() {
            return Chain.mix(4, id.value());
        }
    }

    /** A whole window taken over (rebuilt from the database and fenced): copies take it as it is. */
    record Installed(RecentWindow window) implements WindowChange {
        @Override
        public RecentWindow applyTo(RecentWindow ignored) {
            return window;
        }

        @Override
        public long fingerprint() {
            return window.chain(); // not mixed: an installation brings its own history
        }
    }
}
