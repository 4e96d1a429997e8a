package dev.chorus.infrastructure.grid.processors;

import dev.chorus.domain.MessageId;
import dev.chorus.domain.RecentWindow;

/**
 * Makes a pending message visible once it is durable. Returns false when the message is no longer in the
 * window (it was retracted meanwhile), so the caller knows its post is not visible. Idempotent.
 */
public final class CommitInWindow extends ComputingProcessor<String, RecentWindow, Boolean> {
    private static final long serialVersionUID = 1L;
    private final MessageId id;

    public CommitInWindow(MessageId id) {
        this.id = id;
    }

    @Override
    protected Change<RecentWindow, Boolean> compute(RecentWindow current) {
        if (current == null || current.find(id).isEmpty()) {
            return new Change<>(null, false);
        }
        return new Change<>(current.isPending(id) ? current.commit(id) : null, true);
    }
}
