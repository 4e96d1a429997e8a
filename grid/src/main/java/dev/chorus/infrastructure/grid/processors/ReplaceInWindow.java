package dev.chorus.infrastructure.grid.processors;

import dev.chorus.domain.Message;
import dev.chorus.domain.RecentWindow;

/** Updates a message in place in the window (bot bookkeeping); never removes or empties anything. */
public final class ReplaceInWindow extends ComputingProcessor<String, RecentWindow, Boolean> {
    private static final long serialVersionUID = 1L;
    private final Message updated;

    public ReplaceInWindow(Message updated) {
        this.updated = updated.slim();
    }

    @Override
    protected Change<RecentWindow, Boolean> compute(RecentWindow current) {
        if (current == null || current.find(updated.id()).isEmpty()) {
            return new Change<>(null, false);
        }
        return new Change<>(current.replace(updated), true);
    }
}
