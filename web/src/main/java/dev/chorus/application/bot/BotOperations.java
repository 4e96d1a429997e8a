package dev.chorus.application.bot;

import dev.chorus.application.AccessDeniedException;
import dev.chorus.application.Caller;
import dev.chorus.application.moderation.AuditLog;
import dev.chorus.domain.BotStatus;
import dev.chorus.domain.InvalidMessageException;
import dev.chorus.domain.MessageBoard;
import dev.chorus.domain.MessageId;
import dev.chorus.domain.bot.BotQueue;
import dev.chorus.domain.bot.BotTask;
import dev.chorus.domain.persona.Persona;
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

    @Inject
    OperatorSwitches switches;

    @Inject
    MessageBoard board;

    @Inject
    PersonaDirectory personas;

    @Inject
    PersonaActivity activity;

    @Inject
    PersonaRateCounter rateCounter;

    @Inject
    LlmServers llmServers;

    static final String CANCELLED = "cancelled by operator";

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

    /**
     * Cancels a pending task: failed for good with {@code lastError: "cancelled by operator"}, on the queue and the
     * message (requeue brings it back). A task being answered is refused (409): its reply may already be on its way,
     * and a cancel must not turn "exactly one reply" into "a reply and a failure".
     */
    public BotTask cancel(String id, Caller caller) {
        requireOperator(caller);
        BotTask task = queue.find(id).orElseThrow(() -> new RequeueRefusedException("message " + id + " is not queued"));
        if (task.getStatus() != BotStatus.PENDING) {
            throw new RequeueRefusedException("message " + id + " is " + task.getStatusName() + "; only a pending task"
                    + " can be cancelled");
        }
        BotTask failed = queue.fail(id, null, CANCELLED).orElseThrow(() -> new RequeueRefusedException(
                "message " + id + " was claimed meanwhile; only a pending task can be cancelled"));
        board.recordBotProgress(new MessageId(id), BotStatus.FAILED, failed.getAttempts(), null, CANCELLED);
        audit.recordDone(caller, "cancel", id, failed.getPersona());
        return failed;
    }

    /** A queued task's new priority (0-99, 0 most urgent); on the queue, until its rebuild from the rows. */
    public BotTask setPriority(String id, int priority, Caller caller) {
        requireOperator(caller);
        if (priority < 0 || priority > 99) {
            throw new InvalidMessageException("priority", "priority must be an integer from 0 to 99");
        }
        BotTask changed = queue.setPriority(id, priority)
                .orElseThrow(() -> new RequeueRefusedException("message " + id + " is not queued"));
        audit.recordDone(caller, "priority", id, "priority " + priority);
        dispatcher.wake();
        return changed;
    }

    /** Pauses (or resumes) dispatch on every member, until an operator says otherwise (kept across restarts). */
    public void setPaused(boolean paused, Caller caller) {
        requireOperator(caller);
        switches.setPaused(paused);
        audit.recordDone(caller, paused ? "pause" : "resume", null, null);
        dispatcher.wake();
    }

    /** Every persona as the bot sees it now (the operator's switch applied, see PersonaDirectory), with activity. */
    public List<PersonaStatus> personas(Caller caller) {
        requireOperator(caller);
        var lastHour = activity.lastHour();
        return personas.all().stream().map(p -> new PersonaStatus(p,
                lastHour.getOrDefault(p.id(), PersonaActivity.LastHour.NONE),
                rateCounter.currentWait(p.id(), p.rateLimits()))).toList();
    }

    /** Post-to-reply latencies of the last hour, cluster-wide (the console's chart), at most {@code limit}. */
    public List<PersonaActivity.ReplyLatency> replyLatencies(int limit, Caller caller) {
        requireOperator(caller);
        return activity.replyLatencies(limit);
    }

    /**
     * Turns a persona on or off on every member without editing the entities file; it holds until the file is
     * changed after it (then the file wins). Waiting messages of a persona turned on are picked up by the queue's
     * next rebuild (within a minute); a persona turned off leaves its messages pending for other bots.
     */
    public Persona setPersonaEnabled(String id, boolean enabled, Caller caller) {
        requireOperator(caller);
        if (personas.find(id).isEmpty()) {
            throw new RequeueRefusedException("no persona " + id + " in the entities file");
        }
        switches.setPersonaEnabled(id, enabled);
        audit.recordDone(caller, enabled ? "enable" : "disable", id, null);
        dispatcher.wake();
        return personas.find(id).orElseThrow();
    }

    /** This member's LLM servers, and its calls of the last hour (the console's panel and chart). */
    public LlmServers llmServers(Caller caller) {
        requireOperator(caller);
        return llmServers;
    }

    public boolean paused() {
        return switches.paused();
    }

    /** 401 unless the caller presented the operator credential (the operator's controls check it before a body). */
    public void authorize(Caller caller) {
        requireOperator(caller);
    }

    /**
     * The operator's controls (cancel, priority, pause, personas, LLM servers) need the operator's credential: the
     * bot's host holds the bot's, and it must not be able to pause every reply or switch personas off.
     */
    private static void requireOperator(Caller caller) {
        if (!caller.operator()) {
            throw new AccessDeniedException("The operator's controls need the operator credential");
        }
    }

    /** The queue as it was before the console (list, requeue) answers the bot's credential too. */
    private static void requireBot(Caller caller) {
        if (!caller.bot() && !caller.operator()) {
            throw new AccessDeniedException("The bot queue needs the operator or the bot credential");
        }
    }
}
