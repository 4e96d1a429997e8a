package dev.chorus.application.bot;

import dev.chorus.application.BoardService;
import dev.chorus.application.Caller;
import dev.chorus.application.ClusterMembers;
import dev.chorus.application.MessageHiddenException;
import dev.chorus.application.ReplyDrafts;
import dev.chorus.domain.Message;
import dev.chorus.domain.MessageBoard;
import dev.chorus.domain.MessageId;
import dev.chorus.domain.bot.BotOutcome;
import dev.chorus.domain.bot.BotTask;
import dev.chorus.domain.bot.ReplyDecision;
import dev.chorus.domain.bot.ReplyDraft;
import dev.chorus.domain.bot.ReplyFacts;
import dev.chorus.domain.bot.ReplyRules;
import dev.chorus.domain.bot.ReplyStep;
import dev.chorus.domain.persona.Persona;
import dev.chorus.domain.persona.ReplyIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Answers one claimed task by carrying out what {@link ReplyDecision} asks — look the reply up, count the persona's
 * rate limit, ask the LLM, post the reply — feeding each result back, until the decision gives an outcome, which
 * {@link BotBookkeeping} records on the queue and the message. This class decides nothing itself: the rules, their
 * order and every outcome are the domain's (ReplyDecision's javadoc).
 *
 * <p>While the LLM writes, readers see a draft of the reply ({@link DraftWriter}, published through
 * {@link ReplyDrafts}); it ends once the outcome is known, after the reply is posted.
 *
 * <p>Post first, complete second: the reply's id is derived from message and persona, so a crash in between leaves
 * a reply and a pending task whose next attempt finds the reply already stored and just completes. An unexpected
 * exception on the way is a failed attempt ({@code internal error: ...}).
 */
@ApplicationScoped
public class ReplyWorker {
    private static final Logger LOG = Logger.getLogger(ReplyWorker.class.getName());
    static final Caller BOT = new Caller("bot", true);
    /** How long to wait for a slot once claimed (claims follow free slots, so this is rarely reached). */
    static final Duration SLOT_WAIT = Duration.ofSeconds(2);
    /** A lease outlasts the longest call by this much. */
    static final Duration LEASE_MARGIN = Duration.ofSeconds(10);
    /** More steps than the decision can ask for (it asks for each fact once): a bug, not a slow task. */
    private static final int MAX_STEPS = 8;

    @Inject
    MessageBoard board;

    @Inject
    BoardService boardService;

    @Inject
    PersonaDirectory personas;

    @Inject
    LanguageModel llm;

    @Inject
    PersonaRateCounter rateCounter;

    @Inject
    BotSettings settings;

    @Inject
    BotBookkeeping bookkeeping;

    @Inject
    ReplyDrafts drafts;

    @Inject
    ClusterMembers members;

    @Inject
    DraftModes draftModes;

    /** Epoch millis; tests set their own. */
    LongSupplier clock = System::currentTimeMillis;
    /** What paces drafts (nanoseconds); tests set their own. */
    LongSupplier draftClock = System::nanoTime;

    /** The lease a claim takes: longer than any LLM call can last (slot wait + the call's budget) plus a margin. */
    public long leaseMillis() {
        return SLOT_WAIT.plus(llm.callBudget()).plus(LEASE_MARGIN).toMillis();
    }

    /**
     * Works on {@code task} (claimed by this member) and records its outcome. {@code slotTaken} is called once,
     * when an LLM slot was taken or the task needs none, so the dispatcher knows how much more it may claim.
     */
    public void answer(BotTask task, Runnable slotTaken) {
        Runnable signal = once(slotTaken);
        DraftWriter[] draft = {null};
        BotOutcome outcome;
        try {
            outcome = work(task, signal, draft);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Bot task " + task + " failed unexpectedly", e);
            outcome = new BotOutcome.AttemptFailed("internal error: " + e);
        } finally {
            signal.run();
        }
        if (draft[0] != null) {
            draft[0].end(outcome); // after the post: readers replace the draft with the stored reply
        }
        try {
            bookkeeping.record(task, outcome);
        } catch (RuntimeException e) {
            // The lease runs out and the task is claimed again; the derived reply id keeps it to one reply.
            LOG.log(Level.WARNING, "Could not record " + outcome + " for bot task " + task.getMessageId()
                    + " (its lease will return it)", e);
        }
    }

    private BotOutcome work(BotTask task, Runnable slotTaken, DraftWriter[] draft) {
        Message message = board.find(new MessageId(task.getMessageId())).orElse(null);
        Persona persona = personas.find(task.getPersona()).orElse(null);
        ReplyFacts facts = ReplyFacts.start(task, message, persona,
                new ReplyRules(settings.maxAge(), settings.dryRun()), clock.getAsLong());
        for (int step = 0; step < MAX_STEPS; step++) {
            ReplyStep next = ReplyDecision.decide(facts, ThreadLocalRandom.current());
            if (next instanceof BotOutcome outcome) {
                return outcome;
            } else if (next instanceof ReplyStep.LookUpReply lookUp) {
                facts = facts.withReplyStored(board.find(lookUp.replyId()).isPresent());
            } else if (next instanceof ReplyStep.CountRate count) {
                facts = facts.withRateWait(rateCounter.tryCount(count.personaId(), count.limits()));
            } else if (next instanceof ReplyStep.AskLlm ask) {
                DraftWriter writer = draftOf(task, message, persona, ask.prompt().model());
                draft[0] = writer;
                Runnable calling = () -> {
                    slotTaken.run();
                    writer.begin();
                };
                facts = facts.withAnswer(llm.complete(ask.prompt(), SLOT_WAIT, calling, writer::textSoFar));
            } else if (next instanceof ReplyStep.PostReply post) {
                try {
                    boardService.post(post.reply(), BOT); // idempotent on the derived id
                } catch (MessageHiddenException alreadyStored) {
                    // An earlier attempt stored this reply and an operator has hidden it since: it is posted.
                }
                facts = facts.withPosted();
            } else {
                throw new IllegalStateException("unknown reply step " + next);
            }
        }
        throw new IllegalStateException("the reply decision asked for more than " + MAX_STEPS + " steps");
    }

    /**
     * The draft of this attempt, under the name the reply will have. Its id is the claim's token (readable: which
     * attempt) plus a random part, so that drafts stay apart without relying on the queue's fencing being exact.
     */
    private DraftWriter draftOf(BotTask task, Message message, Persona persona, String model) {
        ReplyIdentity identity = ReplyDecision.postedIdentity(message, persona, ThreadLocalRandom.current());
        String attempt = task.getToken() + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        ReplyDraft started = ReplyDraft.started(task.getMessageId(), attempt, persona.id(), identity.username(),
                identity.color(), members.localMemberId());
        return new DraftWriter(drafts, persona, draftModes, model, started, draftClock);
    }

    private static Runnable once(Runnable action) {
        boolean[] done = {false};
        return () -> {
            if (!done[0]) {
                done[0] = true;
                action.run();
            }
        };
    }
}
