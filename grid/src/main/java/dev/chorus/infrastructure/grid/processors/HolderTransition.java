package dev.chorus.infrastructure.grid.processors;

import dev.chorus.domain.BotStatus;
import dev.chorus.domain.bot.BotTask;

/**
 * A transition of a claimed task that only the current lease holder (fencing token) may make. A rerun after
 * the task already left PROCESSING under the same token returns the task unchanged; a stale token changes
 * nothing and returns null.
 */
abstract class HolderTransition extends ComputingProcessor<String, BotTask, BotTask> {
    private static final long serialVersionUID = 1L;
    private final long token;

    HolderTransition(long token) {
        this.token = token;
    }

    @Override
    protected final Change<BotTask, BotTask> compute(BotTask current) {
        if (current == null) {
            return new Change<>(null, null);
        }
        if (current.getToken() == token && current.getStatus() != BotStatus.PROCESSING) {
            return new Change<>(null, current);
        }
        if (!current.holds(token)) {
            return new Change<>(null, null);
        }
        BotTask next = transition(current);
        return new Change<>(next, next);
    }

    /** The new task state, computed from the holder's current one. */
    protected abstract BotTask transition(BotTask held);
}
