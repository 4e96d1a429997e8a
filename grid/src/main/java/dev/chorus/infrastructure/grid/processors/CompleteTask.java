package dev.chorus.infrastructure.grid.processors;

import dev.chorus.domain.BotStatus;
import dev.chorus.domain.bot.BotTask;

/**
 * Completes a claimed bot task, accepted only with the claim's fencing token; returns whether it was accepted.
 * The adapter removes the completed task afterwards. Idempotent: a rerun finds it complete under the same token.
 */
public final class CompleteTask extends ComputingProcessor<String, BotTask, Boolean> {
    private static final long serialVersionUID = 1L;
    private final long token;
    private final long now;

    public CompleteTask(long token, long now) {
        this.token = token;
        this.now = now;
    }

    @Override
    protected Change<BotTask, Boolean> compute(BotTask current) {
        if (current == null) {
            return new Change<>(null, false);
        }
        if (current.getStatus() == BotStatus.COMPLETE && current.getToken() == token) {
            return new Change<>(null, true);
        }
        if (!current.holds(token)) {
            return new Change<>(null, false);
        }
        return new Change<>(current.complete(now), true);
    }
}
