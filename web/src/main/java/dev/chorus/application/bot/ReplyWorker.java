package dev.chorus.application.bot;

import dev.chorus.application.BoardService;
import dev.chorus.application.Caller;
import dev.chorus.domain.BotParams;
import dev.chorus.domain.BotStatus;
import dev.chorus.domain.Color;
import dev.chorus.domain.Message;
import dev.chorus.domain.MessageBoard;
import dev.chorus.domain.MessageId;
import dev.chorus.domain.MessageType;
import dev.chorus.domain.bot.BotQueue;
import dev.chorus.domain.bot.BotTask;
import dev.chorus.domain.persona.Persona;
import dev.chorus.domain.persona.Prompt;
import dev.chorus.domain.persona.PromptBuilder;
import dev.chorus.domain.persona.ReplyIdentity;
import dev.chorus.domain.persona.ReplyShaper;
import dev.chorus.domain.persona.ReplyText;
import dev.chorus.infrastructure.personas.PersonaCatalog;
import dev.chorus.infrastructure.personas.PersonaCatalogSnapshot;
import dev.chorus.infrastructure.llm.ChatCompletionRequest;
import dev.chorus.infrastructure.llm.LlmCompletion;
import dev.chorus.infrastructure.llm.LlmFailure;
import dev.chorus.infrastructure.llm.LlmPoolProvider;
import dev.chorus.infrastructure.llm.LlmServerLease;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Answers one claimed task: checks the message still needs an answer, counts the persona's rate limit, builds the
 * prompt from the message's own context, calls the LLM, shapes the reply, posts it (id derived from message and
 * entity, so a repeated attempt cannot post twice), then completes the task with the claim's token and records
 * {@code processed:true, status:complete, replyId} on the message. Post first, complete second: a crash in
 * between leaves a reply and a pending task whose next attempt finds the reply already stored and just completes.
 *
 * <p>Outcomes: a {@code [SKIP]} completes with no post (lastError "skipped: [SKIP]"); an empty reply or a counted
 * LLM failure is a failed attempt (backoff, then failed); "no server" / "busy" / rate limit defer without spending
 * an attempt; a message older than the cutoff fails at once; a persona no longer in the file leaves the message
 * alone (pending, for other bots).
 */
@ApplicationScoped
public class ReplyWorker {
    private static final Logger LOG = Logger.getLogger(ReplyWorker.class.getName());
    static final Caller BOT = new Caller("bot", true);
    /** How long to wait for a slot once claimed (claims follow free slots, so this is rarely reached). */
    static final Duration SLOT_WAIT = Duration.ofSeconds(2);
    /** When no LLM server can take a call, look again after this long (probes run meanwhile). */
    static final long NO_SERVER_RETRY_MILLIS = 3000;

    @Inject
    BotQueue queue;

    @Inject
    MessageBoard board;

    @Inject
    BoardService boardService;

    @Inject
    PersonaCatalog catalog;

    @Inject
    LlmPoolProvider llm;

    @Inject
    BotSettings settings;

    @Inject
    BotMetrics metrics;

    /** The lease a claim takes: longer than any LLM call can last (slot wait + connect + read) plus a margin. */
    public long leaseMillis() {
        var s = llm.settings();
        return SLOT_WAIT.toMillis() + s.connectTimeout().toMillis() + s.readTimeout().toMillis() + 10_000;
    }

    /**
     * Works on {@code task} (claimed by this member). {@code slotTaken} is called once, when an LLM slot was taken
     * or the task needs none, so the dispatcher knows how much more it may claim.
     */
    public void answer(BotTask task, Runnable slotTaken) {
        boolean[] signalled = {false};
        Runnable signal = () -> {
            if (!signalled[0]) {
                signalled[0] = true;
                slotTaken.run();
            }
        };
        try {
            work(task, signal);
        } catch (LlmFailure failure) {
            signal.run();
            onLlmFailure(task, failure);
        } catch (RuntimeException e) {
            signal.run();
            LOG.log(Level.WARNING, "Bot task " + task + " failed unexpectedly", e);
            failedAttempt(task, "internal error: " + e);
        } finally {
            signal.run();
        }
    }

    private void work(BotTask task, Runnable slotTaken) throws LlmFailure {
        MessageId id = new MessageId(task.getMessageId());
        Optional<Message> found = board.find(id);
        if (found.isEmpty() || found.get().botParams() == null) {
            queue.remove(task.getMessageId());
            return;
        }
        Message message = found.get();
        BotParams params = message.botParams();
        if (Boolean.TRUE.equals(params.processed()) || params.status() == BotStatus.COMPLETE) {
            // Answered already (an earlier attempt, or an outside bot's PATCH): nothing more to do.
            queue.complete(task.getMessageId(), task.getToken());
            return;
        }
        long now = System.currentTimeMillis();
        if (message.timestamp() < now - settings.maxAge().toMillis()) {
            fail(task, settings.tooOldError());
            return;
        }
        PersonaCatalogSnapshot snapshot = catalog.snapshot();
        Optional<Persona> known = snapshot.entity(task.getPersona());
        if (known.isEmpty() || !known.get().enabled()) {
            // The persona left the file (or was disabled) after the message was queued: leave the message alone,
            // as intake does, for another bot or a later file; only the task goes.
            queue.remove(task.getMessageId());
            LOG.info(() -> "No enabled persona " + task.getPersona() + " here any more; " + task.getMessageId()
                    + " is left pending for other bots");
            return;
        }
        Persona entity = known.get();
        MessageId replyId = id.replyBy(entity.id());
        // Only a task claimed before (token > 1) can have posted already; checking on every first claim would cost
        // a database miss per message. Correctness does not depend on this check: the derived reply id makes a
        // second post of the same reply a no-op (e.g. after a full restart, where tokens start again).
        if (task.getToken() > 1 && board.find(replyId).isPresent()) {
            // The reply was posted by an attempt that died before completing: complete now, never post again.
            finish(task, replyId.value(), null);
            return;
        }
        Duration wait = rateCounter.tryCount(entity.id(), entity.rateLimits());
        if (!wait.isZero()) {
            defer(task, now + wait.toMillis(), "waiting for the persona's rate limit");
            return;
        }
        Prompt prompt = PromptBuilder.build(entity, message.context(), message.username(), message.text(),
                params.model(), nom(params.nom()));
        if (settings.dryRun()) {
            slotTaken.run();
            LOG.info(() -> "Dry run: would ask " + prompt.model() + " for " + task.getMessageId() + ": " + prompt);
            finish(task, null, "dry run");
            return;
        }
        LlmCompletion completion;
        try (LlmServerLease lease = llm.pool().acquire(prompt.model(), SLOT_WAIT)) {
            slotTaken.run();
            completion = lease.complete(ChatCompletionRequest.from(prompt));
        }
        ReplyText reply = ReplyShaper.shape(entity, completion.text());
        switch (reply.kind()) {
            case EMPTY -> failedAttempt(task, "empty reply: " + reply.reason());
            case SKIP -> {
                metrics.skipped();
                finish(task, null, "skipped: the persona replied [SKIP]");
            }
            case TEXT -> {
                ReplyIdentity identity = ReplyIdentity.resolve(entity, params.ais(), ThreadLocalRandom.current());
                // Persona names may be up to MAX_PERSONA_USERNAME (docs/api.md); longer ones are cut, as the original did at 16.
                String username = identity.username().length() <= Message.MAX_PERSONA_USERNAME ? identity.username()
                        : identity.username().substring(0, Message.MAX_PERSONA_USERNAME);
                Message draft = new Message(replyId, reply.text(), 0, null, username, new Color(identity.color()),
                        message.domain(), message.language(), MessageType.AI, null, null, null, id.value());
                boardService.post(draft, BOT);
                metrics.replied();
                finish(task, replyId.value(), null);
            }
        }
    }

    @Inject
    PersonaRateCounter rateCounter;

    private static Integer nom(String nom) {
        if (nom == null || "ALL".equals(nom)) {
            return null;
        }
        return Integer.valueOf(nom);
    }

    /** Completes the task (token checked) and then the message; a stale token changes nothing. */
    private void finish(BotTask task, String replyId, String note) {
        if (queue.complete(task.getMessageId(), task.getToken())) {
            board.recordBotProgress(new MessageId(task.getMessageId()), BotStatus.COMPLETE, task.getAttempts() + 1,
                    replyId, note);
        } else {
            LOG.info(() -> "Bot task " + task.getMessageId() + " was taken over (stale token " + task.getToken()
                    + "); its reply id makes any second post a no-op");
        }
    }

    private void onLlmFailure(BotTask task, LlmFailure failure) {
        if (failure.countsAsAttempt()) {
            failedAttempt(task, failure.getMessage());
        } else {
            defer(task, System.currentTimeMillis() + NO_SERVER_RETRY_MILLIS, failure.getMessage());
        }
    }

    private void failedAttempt(BotTask task, String error) {
        int max = settings.maxAttempts(catalog.snapshot());
        queue.retry(task.getMessageId(), task.getToken(), System.currentTimeMillis(), error, max, settings.backoff())
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
        queue.fail(task.getMessageId(), task.getToken(), error).ifPresent(next -> {
            metrics.failed();
            board.recordBotProgress(new MessageId(task.getMessageId()), BotStatus.FAILED, next.getAttempts(), null,
                    error);
        });
    }
}
