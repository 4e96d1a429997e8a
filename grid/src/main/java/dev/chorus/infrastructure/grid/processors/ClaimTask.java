package dev.chorus.infrastructure.grid.processors;

import dev.chorus.domain.BotStatus;
import dev.chorus.domain.bot.BotTask;

/**
 * Claims a bot task on its owner: {@code pending -> processing}, lease until {@code now + leaseMillis}, token + 1.
 * Returns the claimed task, or null when it is not due (someone else claimed it, it waits for a retry, or it is
 * gone). Idempotent: a rerun (Hazelcast may rerun when a member leaves) finds the task processing under the same
 * {@code claimer} and returns it unchanged instead of claiming twice.
 */
public final class ClaimTask extends ComputingProcessor<String, BotTask, BotTask> {
    private static final long serialVersionUID = 1L;
    private final long now;
    private final long leaseMillis;
    private final String claimer;

    public ClaimTask(long now, long leaseMillis, String claimer) {
        this.now = now;
        this.leaseMillis = leaseMillis;
        this.claimer = claimer;
    }

    @Override
    protected Change<BotTask, BotTask> compute(BotTask current) {
        if (current == null) {
            return new Change<>(null, null);
        }
        if (current.getStatus() == BotStatus.PROCESSING && claimer.equals(current.getHolder())) {
            return new Change<>(null, current);
        }
        BotTask claimed = current.claim(now, leaseMillis, claimer);
        return new Change<>(claimed, claimed);
    }
}
