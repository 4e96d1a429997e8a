package dev.chorus.infrastructure.grid.processors;

import dev.chorus.domain.BotStatus;
import dev.chorus.domain.bot.BotTask;

/**
 * Puts a claimed task back to pending until a given time without spending an attempt (no LLM server, all busy,
 * persona rate limit). Token required; returns the new task or null when the token is stale; idempotent.
 */
public final class DeferTask extends ComputingProcessor<String, BotTask, BotTask> {
    private static final long serialVersionUID = 1L;
    private final long token;
    private final long until;
    private final String note;

    public DeferTask(long token, long until, String note) {
        this.token = token;
        this.until = until;
        this.note = note;
    }

    @Override
    protected Change<BotTask, BotTask> compute(BotTask current) {
        if (current == null) {
            return new Change<>(null, null);
        }
        if (current.getToken() == token && current.getStatus() != BotStatus.PROCESSING) {
            return new Change<>(null, current);
        }
        if (!current.holds(token)) {
            return new Change<>(null, null);
        }
        BotTask next = current.defer(until, note);
        return new Change<>(next, next);
    }
}
