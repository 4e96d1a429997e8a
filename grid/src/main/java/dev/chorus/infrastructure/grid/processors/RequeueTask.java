package dev.chorus.infrastructure.grid.processors;

import dev.chorus.domain.bot.BotTask;

/**
 * The operator's requeue: {@code failed -> pending}, attempts reset. Returns the task when it is pending
 * afterwards (so a rerun answers the same), else null.
 */
public final class RequeueTask extends ComputingProcessor<String, BotTask, BotTask> {
    private static final long serialVersionUID = 1L;

    @Override
    protected Change<BotTask, BotTask> compute(BotTask current) {
        if (current == null) {
            return new Change<>(null, null);
        }
        BotTask requeued = current.requeue();
        if (requeued == null) {
            return new Change<>(null, current.getStatus() == dev.chorus.domain.BotStatus.PENDING ? current : null);
        }
        return new Change<>(requeued, requeued);
    }
}
