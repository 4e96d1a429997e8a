package dev.chorus.infrastructure.grid.processors;

import dev.chorus.domain.Message;
import dev.chorus.domain.RecentWindow;

/**
 * An operator showed a hidden message again: back in the window at its own timestamp when it belongs there, and
 * its type's kept count one higher ({@link RecentWindow#restore}). Like {@link HideInWindow}, a window rebuilt
 * under a later epoch than the row's change already reflects it and is left alone.
 * Returns the window's new version (-1: left alone), so the caller can wait until its member shows it.
 */
public final class RestoreInWindow extends ComputingProcessor<String, RecentWindow, Long> {
    private static final long serialVersionUID = 1L;
    private final Message message;
    private final long epoch;

    public RestoreInWindow(Message message, long epoch) {
        this.message = message.slim();
        this.epoch = epoch;
    }

    @Override
    protected Change<RecentWindow, Long> compute(RecentWindow current) {
        if (current == null || current.epoch() > epoch) {
            return new Change<>(null, -1L);
        }
        RecentWindow changed = current.restore(message);
        return new Change<>(changed, changed.version());
    }
}
