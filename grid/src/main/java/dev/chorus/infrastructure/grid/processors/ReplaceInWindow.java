package dev.chorus.infrastructure.grid.processors;

import dev.chorus.domain.Message;
import dev.chorus.domain.RecentWindow;
import dev.chorus.domain.WindowChange;

/** Updates a message in place in the window (bot bookkeeping); never removes or empties anything. */
public final class ReplaceInWindow extends WindowChangeProcessor<Boolean> {
    private static final long serialVersionUID = 1L;
    private final Message updated;

    public ReplaceInWindow(Message updated) {
        this.updated = updated.slim();
    }

    @Override
    protected Decision<Boolean> decide(RecentWindow current) {
        if (current == null || current.find(updated.id()).isEmpty()) {
            return Decision.none(false);
        }
        return new Decision<>(new WindowChange.Replaced(updated), true);
    }
}
