package dev.chorus.infrastructure.grid.processors;

import dev.chorus.domain.bot.BotTask;

/**
 * The operator's new priority for a queued task, whatever its state (priority only orders pending work; a claim
 * in progress keeps its token). Returns the changed task, or null when there is none. Absolute, so a rerun changes
 * nothing more.
 */
public final class SetTaskPriority extends ComputingProcessor<String, BotTask, BotTask> {
    private static final long serialVersionUID = 1L;
    private final int priority;

    public SetTaskPriority(int priority) {
        this.priority = priority;
    }

    @Override
    protected Change<BotTask, BotTask> compute(BotTask current) {
        if (current == null) {
            return new Change<>(null, null);
        }
        BotTask changed = current.withPriority(priority);
        return new Change<>(changed, changed);
    }
}
