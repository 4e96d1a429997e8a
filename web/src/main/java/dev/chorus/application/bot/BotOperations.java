package dev.chorus.application.bot;

import dev.chorus.application.AccessDeniedException;
import dev.chorus.application.Caller;
import dev.chorus.application.MessageNotFoundException;
import dev.chorus.domain.BotStatus;
import dev.chorus.domain.Message;
import dev.chorus.domain.MessageBoard;
import dev.chorus.domain.MessageId;
import dev.chorus.domain.bot.BotQueue;
import dev.chorus.domain.bot.BotTask;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** What operators may see and do with the bot queue; both need the bot credential. */
@ApplicationScoped
public class BotOperations {

    @Inject
    BotQueue queue;

    @Inject
    MessageBoard board;

    @Inject
    WorkIntake intake;

    @Inject
    ReplyDispatcher dispatcher;

    /** Every task in the cluster, most urgent first. */
    public List<BotTask> tasks(Caller caller) {
        requireBot(caller);
        return queue.all().stream().sorted(Comparator.comparing(BotTask::getStatus)
                .thenComparingInt(BotTask::getPriority).thenComparingLong(BotTask::getCreatedAt)).toList();
    }

    /**
     * A failed message back to pending with attempts reset: the queued task if there is one, else (after a
     * restart, when failed tasks are no longer queued) from the message's stored state.
     */
    public BotTask requeue(String id, Caller caller) {
        requireBot(caller);
        MessageId messageId = new MessageId(id);
        Optional<BotTask> requeued = queue.requeue(id);
        if (requeued.isEmpty()) {
            Message message = board.find(messageId).orElseThrow(() -> new MessageNotFoundException(id));
            if (!message.addressedToPersona() || message.botParams().status() != BotStatus.FAILED) {
                throw new IllegalStateException("message " + id + " is not failed");
            }
            queue.remove(id);
            board.recordBotProgress(messageId, BotStatus.PENDING, 0, null, null);
            Message pending = board.find(messageId).orElseThrow(() -> new MessageNotFoundException(id));
            if (!intake.accept(pending)) {
                // pending again, but no enabled persona here: left for another bot (docs/api.md)
                throw new IllegalStateException("message " + id + " is pending again, but this bot has no enabled"
                        + " persona " + pending.botParams().entity());
            }
            requeued = queue.find(id);
        } else {
            board.recordBotProgress(messageId, BotStatus.PENDING, 0, null, null);
        }
        dispatcher.wake();
        return requeued.orElseThrow(() -> new MessageNotFoundException(id));
    }

    private static void requireBot(Caller caller) {
        if (!caller.bot()) {
            throw new AccessDeniedException("The bot queue needs the bot credential");
        }
    }
}
