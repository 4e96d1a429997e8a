package dev.chorus.infrastructure.grid.processors;

import dev.chorus.domain.BotStatus;
import dev.chorus.domain.bot.BotTask;

/**
 * Fails a task for good: a claimed one with its token, or (token null) one that is pending, as the tick does for
 * messages too old to answer. Returns the failed task, or null when not allowed. Idempotent: a failed task stays
 * failed and is returned.
 */
public final class FailTask extends ComputingProcessor<String, BotTask, BotTask> {
    private static final long serialVersionUID = 1L;
    private final Long token;
    private final String error;

    public FailTask(Long token, String error) {
        this.token = token;
        this.error = error;
    }

    @Override
    protected Change<BotTask, BotTask> compute(BotTask current) {
        if (current == null) {
            return new Change<>(null, null);
        }
        if (current.getStatus() == BotStatus.FAILED) {
            return new Change<>(null, current);
        }
        boolean allowed = token == null ? current.getStatus() == BotStatus.PENDING : current.holds(token);
        if (!allowed) {
            return new Change<>(null, null);
        }
        BotTask failed = current.fail(error);
        return new Change<>(failed, failed);
    }
}
