package dev.chorus.infrastructure.grid.processors;

import dev.chorus.domain.MessageId;
import dev.chorus.domain.MessageType;
import dev.chorus.domain.RecentWindow;

/**
 * An operator hid a message: it leaves the window and its type's kept count drops ({@link RecentWindow#hide}).
 * Runs after the row's hidden flag committed under writer epoch {@code epoch}: a window rebuilt from the database
 * under a later epoch already reflects it, and is left alone (so the count cannot drop twice).
 * Returns the window's new version (-1: left alone), so the caller can wait until its member shows it.
 */
public final class HideInWindow extends ComputingProcessor<String, RecentWindow, Long> {
    private static final long serialVersionUID = 1L;
    private final MessageId id;
    private final MessageType type;
    private final long epoch;

    public HideInWindow(MessageId id, MessageType type, long epoch) {
        this.id = id;
        this.type = type;
        this.epoch = epoch;
    }

    @Override
    protected Change<RecentWindow, Long> compute(RecentWindow current) {
        if (current == null || current.epoch() > epoch) {
            return new Change<>(null, -1L);
        }
        RecentWindow changed = current.hide(id, type);
        return new Change<>(changed, changed.version());
    }
}
