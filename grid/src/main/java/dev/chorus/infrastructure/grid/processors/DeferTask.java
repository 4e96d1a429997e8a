package dev.chorus.infrastructure.grid.processors;

import dev.chorus.domain.bot.BotTask;

/**
 * Puts a claimed task back to pending until a given time without spending an attempt (no LLM server, all busy,
 * persona rate limit). Token required; returns the new task or null when the token is stale; idempotent.
 */
public final class DeferTask extends HolderTransition {
    private static final long serialVersionUID = 1L;
    private final long until;
    private final String note;

    public DeferTask(long token, long until, String note) {
        super(token);
        this.until = until;
        this.note = note;
    }

    @Override
    protected BotTask transition(BotTask current) {
        return current.defer(until, note);
    }
}
