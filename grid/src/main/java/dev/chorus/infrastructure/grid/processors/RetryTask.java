package dev.chorus.infrastructure.grid.processors;

import dev.chorus.domain.bot.Backoff;
import dev.chorus.domain.bot.BotTask;

/**
 * Records a failed attempt of a claimed task (token required): pending again after the backoff, or failed when
 * the attempts are spent. Returns the new task, or null when the token is stale. Idempotent: a rerun finds the
 * task no longer processing under the same token and returns it as it is.
 */
public final class RetryTask extends HolderTransition {
    private static final long serialVersionUID = 1L;
    private final long now;
    private final String error;
    private final int maxAttempts;
    private final Backoff backoff;

    public RetryTask(long token, long now, String error, int maxAttempts, Backoff backoff) {
        super(token);
        this.now = now;
        this.error = error;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
    }

    @Override
    protected BotTask transition(BotTask current) {
        return current.retry(now, error, maxAttempts, backoff);
    }
}
