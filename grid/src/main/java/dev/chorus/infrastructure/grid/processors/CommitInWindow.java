package dev.chorus.infrastructure.grid.processors;

import dev.chorus.domain.MessageId;
import dev.chorus.domain.RecentWindow;
import dev.chorus.domain.WindowChange;

/**
 * Makes a pending message visible once it is durable. Returns the window's version after the commit (so the
 * caller can wait until its member has seen it), or -1 when the message is no longer in the window (it was
 * retracted meanwhile) and the post is not visible. Idempotent.
 */
public final class CommitInWindow extends WindowChangeProcessor<Long> {
    private static final long serialVersionUID = 1L;
    private final MessageId id;

    public CommitInWindow(MessageId id) {
        this.id = id;
    }

    @Override
    protected Decision<Long> decide(RecentWindow current) {
        return commit(current, id);
    }

    @Override
    protected Long resultAfter(Decision<Long> decision, RecentWindow after) {
        return after.version();
    }

    /** The commit of {@code id} in {@code current}; once made, the answer is the version after it. */
    static Decision<Long> commit(RecentWindow current, MessageId id) {
        if (current == null || current.find(id).isEmpty()) {
            return Decision.none(-1L);
        }
        if (!current.isPending(id)) {
            return Decision.none(current.version());
        }
        return new Decision<>(new WindowChange.Committed(id), null);
    }
}
