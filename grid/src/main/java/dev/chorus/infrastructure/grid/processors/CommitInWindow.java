package dev.chorus.infrastructure.grid.processors;

import dev.chorus.domain.MessageId;
import dev.chorus.domain.RecentWindow;

/**
 * Makes a pending message visible once it is durable. Returns the window's version after the commit (so the
 * caller can wait until its member has seen it), or -1 when the message is no longer in the window (it was
 * retracted meanwhile) and the post is not visible. Idempotent.
 */
public final class CommitInWindow extends ComputingProcessor<String, RecentWindow, Long> {
    private static final long serialVersionUID = 1L;
    private final MessageId id;

    public CommitInWindow(MessageId id) {
        this.id = id;
    }

    @Override
    protected Change<RecentWindow, Long> compute(RecentWindow current) {
        if (current == null || current.find(id).isEmpty()) {
            return new Change<>(null, -1L);
        }
        if (!current.isPending(id)) {
            return new Change<>(null, current.version());
        }
        RecentWindow committed = current.commit(id);
        return new Change<>(committed, committed.version());
    }
}
