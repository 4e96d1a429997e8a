package dev.chorus.infrastructure.grid.processors;

import dev.chorus.domain.bot.BotTask;

/** Puts a task in the bot queue unless one is there for the message already; returns whether it did. */
public final class EnqueueTask extends ComputingProcessor<String, BotTask, Boolean> {
    private static final long serialVersionUID = 1L;
    private final BotTask task;

    public EnqueueTask(BotTask task) {
        this.task = task;
    }

    @Override
    protected Change<BotTask, Boolean> compute(BotTask current) {
        return current == null ? new Change<>(task, true) : new Change<>(null, false);
    }
}
