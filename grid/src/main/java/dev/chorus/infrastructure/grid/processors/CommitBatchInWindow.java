package dev.chorus.infrastructure.grid.processors;

import dev.chorus.domain.MessageId;
import java.util.List;

/**
 * {@link CommitInWindow} for several durable posts in one visit to the window's owner (see
 * {@link StampPendingBatch} for why): each answer is what {@link CommitInWindow} would answer for that id, in
 * the order given — the window's version after its commit (or its version when it was committed already), or
 * -1 when the id is no longer in the window.
 */
public final class CommitBatchInWindow extends WindowChangesProcessor<long[]> {
    private static final long serialVersionUID = 1L;
    private final MessageId[] ids;

    public CommitBatchInWindow(List<MessageId> ids) {
        this.ids = ids.toArray(MessageId[]::new);
    }

    @Override
    protected long[] run(Changes changes) {
        long[] versions = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            Decision<Long> decision = CommitInWindow.commit(changes.current(), ids[i]);
            versions[i] = decision.change() == null ? decision.result() : changes.apply(decision.change()).version();
        }
        return versions;
    }
}
