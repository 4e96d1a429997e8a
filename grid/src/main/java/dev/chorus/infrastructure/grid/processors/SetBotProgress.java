package dev.chorus.infrastructure.grid.processors;

import dev.chorus.domain.BotParams;
import dev.chorus.domain.BotStatus;
import dev.chorus.domain.Message;

/**
 * The bot's bookkeeping on the individual message: status, attempts, replyId, lastError (processed follows
 * status complete). Absolute values, so a rerun is harmless. A message already complete is never moved back by a
 * late progress report (the dispatcher's writes from different members may arrive out of order); only the PATCH
 * endpoint ({@link SetProcessed}) can un-process a message. Returns the updated (or unchanged) message, null when
 * there is no such message or it has no botParams.
 */
public final class SetBotProgress extends ComputingProcessor<String, Message, Message> {
    private static final long serialVersionUID = 1L;
    private final BotStatus status;
    private final Integer attempts;
    private final String replyId;
    private final String lastError;

    public SetBotProgress(BotStatus status, Integer attempts, String replyId, String lastError) {
        this.status = status;
        this.attempts = attempts;
        this.replyId = replyId;
        this.lastError = lastError == null || lastError.length() <= 1000 ? lastError : lastError.substring(0, 1000);
    }

    @Override
    protected Change<Message, Message> compute(Message current) {
        if (current == null || current.botParams() == null) {
            return new Change<>(null, null);
        }
        BotParams params = current.botParams();
        if (params.status() == BotStatus.COMPLETE && status != BotStatus.COMPLETE) {
            return new Change<>(null, current);
        }
        BotParams next = params.withProgress(status, attempts, replyId, lastError);
        if (next.equals(params)) {
            return new Change<>(null, current);
        }
        Message updated = current.withBotParams(next);
        return new Change<>(updated, updated);
    }
}
