package dev.chorus.infrastructure.grid.processors;

import dev.chorus.domain.BotParams;
import dev.chorus.domain.Message;

/**
 * PATCH bookkeeping on the individual message: sets {@code processed} (status complete, or back to pending).
 * Absolute, so applying it twice is the same as once. Returns the updated message, or null when there is none
 * (it never creates an entry).
 */
public final class SetProcessed extends ComputingProcessor<String, Message, Message> {
    private static final long serialVersionUID = 1L;
    private final boolean processed;

    public SetProcessed(boolean processed) {
        this.processed = processed;
    }

    @Override
    protected Change<Message, Message> compute(Message current) {
        if (current == null) {
            return new Change<>(null, null);
        }
        BotParams params = current.botParams() == null ? BotParams.request(null, null, null, null, null)
                : current.botParams();
        Message updated = current.withBotParams(params.withProcessed(processed));
        return new Change<>(updated, updated);
    }
}
