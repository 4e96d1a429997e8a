package dev.chorus.application.bot;

import dev.chorus.application.MessageHidden;
import dev.chorus.application.MessageNotFoundException;
import dev.chorus.domain.BotStatus;
import dev.chorus.domain.Message;
import dev.chorus.domain.MessageBoard;
import dev.chorus.domain.MessageId;
import dev.chorus.domain.bot.BotOutcome;
import dev.chorus.domain.bot.BotQueue;
import dev.chorus.domain.bot.BotTask;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Records what became of a task, on the queue and on the message together: the one place that writes bot
 * outcomes. The queue goes first and decides (a claim's outcome is accepted only with its token); the message
 * follows with the state the queue took, so a stale worker changes neither. The message row holds the durable bot
 * state the queue is rebuilt from: a crash between the two leaves the row behind the queue, which the next attempt
 * or the tick's repair catches up (the derived reply id keeps it to one reply).
 */
@ApplicationScoped
public class BotBookkeeping {
    private static final Logger LOG = Logger.getLogger(BotBookkeeping.class.getName());
    /** The {@code lastError} of a task failed because an operator hid its message (docs/api.md). */
    public static final String HIDDEN = "hidden by operator";

    @Inject
    BotQueue queue;

    @Inject
    MessageBoard board;

    @Inject
    WorkIntake intake;

    @Inject
    PersonaDirectory personas;

    @Inject
    BotSettings settings;

    @Inject
    BotMetrics metrics;

    /** Epoch millis; tests set their own. */
    LongSupplier clock = System::currentTimeMillis;

    /**
     * Records {@code outcome} of work on {@code task}. A claimed (processing) task's outcome needs the claim's
     * token; the one outcome an unclaimed task can have, {@link BotOutcome.GaveUp} (too old), applies only while
     * it is still pending.
     */
    public void record(BotTask task, BotOutcome outcome) {
        String id = task.getMessageId();
        if (outcome instanceof BotOutcome.Dropped dropped) {
            queue.remove(id);
            LOG.fine(() -> "Bot task " + id + " dropped: " + dropped.why());
        } else if (outcome instanceof BotOutcome.LeftToOthers left) {
            queue.remove(id);
            LOG.info(() -> "No enabled persona " + left.personaId() + " here any more; " + id
                    + " is left pending for other bots");
        } else if (outcome instanceof BotOutcome.AlreadyAnswered) {
            queue.complete(id, task.getToken());
        } else if (outcome instanceof BotOutcome.Completed done) {
            switch (done.how()) {
                case REPLIED -> metrics.replied();
                case SKIPPED -> metrics.skipped();
                case FOUND_STORED -> LOG.info(() -> "Bot task " + id + ": reply " + done.replyId()
                        + " was posted by an earlier attempt; completing without posting again");
            }
            complete(task, done.replyId(), done.note());
        } else if (outcome instanceof BotOutcome.DryRun dry) {
            LOG.info(() -> "Dry run: would ask " + dry.prompt().model() + " for " + id + ": " + dry.prompt());
            complete(task, null, BotOutcome.DryRun.NOTE);
        } else if (outcome instanceof BotOutcome.AttemptFailed failed) {
            failedAttempt(task, failed.error());
        } else if (outcome instanceof BotOutcome.Deferred deferred) {
            defer(task, clock.getAsLong() + deferred.after().toMillis(), deferred.note());
        } else if (outcome instanceof BotOutcome.GaveUp gaveUp) {
            fail(task, gaveUp.error());
        } else {
            throw new IllegalArgumentException("unknown bot outcome " + outcome);
        }
    }

    /**
     * The operator's requeue: a failed message back to pending with its attempts reset, on the queue and the
     * message. The queued task if there is one, else (after a restart, when failed tasks are no longer queued)
     * from the message's stored state.
     *
     * @throws MessageNotFoundException no such message
     * @throws RequeueRefusedException  the message is not failed, or this member has no enabled persona for it
     */
    public BotTask requeue(MessageId messageId) {
        String id = messageId.value();
        Optional<BotTask> requeued = queue.requeue(id);
        if (requeued.isPresent()) {
            board.recordBotProgress(messageId, BotStatus.PENDING, 0, null, null);
            return requeued.get();
        }
        Message message = board.find(messageId).orElseThrow(() -> new MessageNotFoundException(id));
        if (!message.addressedToPersona() || message.botParams().status() != BotStatus.FAILED) {
            throw new RequeueRefusedException("message " + id + " is not failed");
        }
        queue.remove(id);
        Message pending = board.recordBotProgress(messageId, BotStatus.PENDING, 0, null, null)
                .orElseThrow(() -> new MessageNotFoundException(id));
        if (!intake.accept(pending)) {
            // pending again, but no enabled persona here: left for another bot (docs/api.md)
            throw new RequeueRefusedException("message " + id + " is pending again, but this bot has no enabled"
                    + " persona " + pending.botParams().entity());
        }
        return queue.find(id).orElseThrow(() -> new MessageNotFoundException(id));
    }

    /**
     * An operator hid the message: a task still pending for it fails for good, with {@code lastError} {@link #HIDDEN},
     * on the queue and the message, so it gets no reply (an operator's requeue brings it back). A task already
     * being answered is left alone: its reply may be on its way, and stopping it could turn "exactly one reply"
     * into "a reply and a failure" (docs/api.md says the reply is then stored; hide it too).
     */
    void onHidden(@Observes MessageHidden hidden) {
        queue.find(hidden.id().value()).filter(task -> task.getStatus() == BotStatus.PENDING)
                .ifPresent(task -> fail(task, HIDDEN));
    }

    /** Completes the task (token checked), then the message; a stale token changes nothing. */
    private void complete(BotTask task, String replyId, String note) {
        if (queue.complete(task.getMessageId(), task.getToken())) {
            board.recordBotProgress(new MessageId(task.getMessageId()), BotStatus.COMPLETE, task.getAttempts() + 1,
                    replyId, note);
        } else {
            LOG.info(() -> "Bot task " + task.getMessageId() + " was taken over (stale token " + task.getToken()
                    + "); its reply id makes any second post a no-op");
        }
    }

    private void failedAttempt(BotTask task, String error) {
        int max = settings.maxAttempts(personas.maxRetries());
        queue.retry(task.getMessageId(), task.getToken(), clock.getAsLong(), error, max, settings.backoff())
                .ifPresent(next -> {
                    if (next.getStatus() == BotStatus.FAILED) {
                        metrics.failed();
                        LOG.warning(() -> "Bot gave up on " + task.getMessageId() + " after " + next.getAttempts()
                                + " attempts: " + error);
                    } else {
                        metrics.attemptFailed();
                        LOG.info(() -> "Bot attempt " + next.getAttempts() + " for " + task.getMessageId()
                                + " failed: " + error);
                    }
                    board.recordBotProgress(new MessageId(task.getMessageId()), next.getStatus(), next.getAttempts(),
                            null, error);
                });
    }

    /** Back to pending without spending an attempt; the message is written only when the note changes. */
    private void defer(BotTask task, long until, String note) {
        queue.defer(task.getMessageId(), task.getToken(), until, note).ifPresent(next -> {
            metrics.deferred();
            if (!note.equals(task.getLastError())) {
                board.recordBotProgress(new MessageId(task.getMessageId()), BotStatus.PENDING, next.getAttempts(),
                        null, note);
            }
        });
    }

    private void fail(BotTask task, String error) {
        Long token = task.getStatus() == BotStatus.PROCESSING ? task.getToken() : null;
        queue.fail(task.getMessageId(), token, error).ifPresent(failed -> {
            metrics.failed();
            board.recordBotProgress(new MessageId(task.getMessageId()), BotStatus.FAILED, failed.getAttempts(), null,
                    error);
        });
    }
}
