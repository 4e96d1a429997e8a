package dev.chorus.application.bot;

import dev.chorus.application.AccessDeniedException;
import dev.chorus.application.Caller;
import dev.chorus.application.moderation.AuditLog;
import dev.chorus.domain.MessageId;
import dev.chorus.domain.bot.BotQueue;
import dev.chorus.domain.bot.BotTask;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;

/** What operators may see and do with the bot queue; both need the bot or the operator credential. */
@ApplicationScoped
public class BotOperations {

    @Inject
    BotQueue queue;

    @Inject
    BotBookkeeping bookkeeping;

    @Inject
    ReplyDispatcher dispatcher;

    @Inject
    AuditLog audit;

    /** Every task in the cluster, most urgent first. */
    public List<BotTask> tasks(Caller caller) {
        requireBot(caller);
        return queue.all().stream().sorted(Comparator.comparing(BotTask::getStatus)
                .thenComparingInt(BotTask::getPriority).thenComparingLong(BotTask::getCreatedAt)).toList();
    }

    /**
     * A failed message back to pending with attempts reset ({@link BotBookkeeping#requeue}), then a dispatch soon.
     *
     * @throws RequeueRefusedException the message is not failed, or this member has no enabled persona for it
     */
    public BotTask requeue(String id, Caller caller) {
        requireBot(caller);
        BotTask requeued = bookkeeping.requeue(new MessageId(id));
        dispatcher.wake();
        audit.recordDone(caller, "requeue", id, requeued.getPersona());
        return requeued;
    }

    private static void requireBot(Caller caller) {
        if (!caller.bot() && !caller.operator()) {
            throw new AccessDeniedException("The bot queue needs the operator or the bot credential");
        }
    }
}
