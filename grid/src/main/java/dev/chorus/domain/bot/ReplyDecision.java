package dev.chorus.domain.bot;

import dev.chorus.domain.BotParams;
import dev.chorus.domain.BotStatus;
import dev.chorus.domain.Color;
import dev.chorus.domain.Message;
import dev.chorus.domain.MessageId;
import dev.chorus.domain.MessageType;
import dev.chorus.domain.bot.BotOutcome.Completed;
import dev.chorus.domain.persona.Persona;
import dev.chorus.domain.persona.Prompt;
import dev.chorus.domain.persona.PromptBuilder;
import dev.chorus.domain.persona.ReplyIdentity;
import dev.chorus.domain.persona.ReplyShaper;
import dev.chorus.domain.persona.ReplyText;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The bot's rules for one claimed task, as a pure function: given what is known ({@link ReplyFacts}), the next
 * {@link ReplyStep}. The checks run in this order, and the first that applies decides:
 * <ol>
 *   <li>the message is gone or names no persona: {@link BotOutcome.Dropped};</li>
 *   <li>it is answered already ({@code processed}, or {@code complete}): {@link BotOutcome.AlreadyAnswered};</li>
 *   <li>it is older than the rules' {@code maxAge}: {@link BotOutcome.GaveUp};</li>
 *   <li>this member has no enabled persona for it: {@link BotOutcome.LeftToOthers};</li>
 *   <li>a task claimed before (token &gt; 1) may have posted already: look the derived reply id up; stored, it
 *       completes without posting again ({@link Completed.How#FOUND_STORED});</li>
 *   <li>the persona's rate limit: count the reply, or defer until it allows one;</li>
 *   <li>dry run: {@link BotOutcome.DryRun} with the prompt, no LLM asked;</li>
 *   <li>ask the LLM; a failure that reached a server is a failed attempt, one that did not ("no server", "busy")
 *       defers by {@link #NO_SERVER_RETRY} without spending an attempt;</li>
 *   <li>shape the reply: empty is a failed attempt, {@code [SKIP]} completes with nothing posted, text is posted
 *       (under the derived id, so a repeat cannot post twice) and then completes.</li>
 * </ol>
 * Asked again with one more fact, the function goes through the same checks with the same answers (the facts are
 * values, {@code now} included) and reaches the next step: the caller never decides anything itself. Only
 * {@code random} (a reply's {@code name:random} color) is not a fact; it is used only for the post.
 */
public final class ReplyDecision {
    /** When no LLM server could take the call, try again after this long (probes run meanwhile). */
    public static final Duration NO_SERVER_RETRY = Duration.ofSeconds(3);
    public static final String RATE_LIMIT_NOTE = "waiting for the persona's rate limit";

    private ReplyDecision() {
    }

    public static ReplyStep decide(ReplyFacts facts, RandomGenerator random) {
        BotTask task = facts.task();
        Message message = facts.message();
        if (message == null || message.botParams() == null) {
            return new BotOutcome.Dropped(message == null ? "the message is not on the board"
                    : "the message names no persona");
        }
        BotParams params = message.botParams();
        if (Boolean.TRUE.equals(params.processed()) || params.status() == BotStatus.COMPLETE) {
            return new BotOutcome.AlreadyAnswered();
        }
        Duration maxAge = facts.rules().maxAge();
        if (message.timestamp() < facts.now() - maxAge.toMillis()) {
            return new BotOutcome.GaveUp(tooOld(maxAge));
        }
        Persona persona = facts.persona();
        if (persona == null || !persona.enabled()) {
            return new BotOutcome.LeftToOthers(task.getPersona());
        }
        MessageId replyId = message.id().replyBy(persona.id());
        // Only a task claimed before can have posted already; looking on every first claim would cost a database
        // miss per message. Correctness does not depend on it: the derived id makes a second post a no-op.
        if (task.getToken() > 1) {
            if (facts.replyStored() == null) {
                return new ReplyStep.LookUpReply(replyId);
            }
            if (facts.replyStored()) {
                return new Completed(replyId.value(), null, Completed.How.FOUND_STORED);
            }
        }
        if (facts.rateWait() == null) {
            return new ReplyStep.CountRate(persona.id(), persona.rateLimits());
        }
        if (!facts.rateWait().isZero()) {
            return new BotOutcome.Deferred(facts.rateWait(), RATE_LIMIT_NOTE);
        }
        Prompt prompt = PromptBuilder.build(persona, message.context(), message.username(), message.text(),
                params.model(), contextLines(params.nom()));
        if (facts.rules().dryRun()) {
            return new BotOutcome.DryRun(prompt);
        }
        LlmAnswer answer = facts.answer();
        if (answer == null) {
            return new ReplyStep.AskLlm(prompt);
        }
        if (answer.failed()) {
            LlmError error = answer.error();
            return error.countsAsAttempt() ? new BotOutcome.AttemptFailed(error.message())
                    : new BotOutcome.Deferred(NO_SERVER_RETRY, error.message());
        }
        ReplyText reply = ReplyShaper.shape(persona, answer.text());
        return switch (reply.kind()) {
            case EMPTY -> new BotOutcome.AttemptFailed("empty reply: " + reply.reason());
            case SKIP -> new Completed(null, Completed.SKIP_NOTE, Completed.How.SKIPPED);
            case TEXT -> facts.posted() ? new Completed(replyId.value(), null, Completed.How.REPLIED)
                    : new ReplyStep.PostReply(draft(message, persona, replyId, reply.text(), random));
        };
    }

    /**
     * The name and color a reply to {@code message} is posted under (and its draft shown under): the persona's or the
     * message's {@code ais}, the name cut to {@link Message#MAX_PERSONA_USERNAME} characters.
     */
    public static ReplyIdentity postedIdentity(Message message, Persona persona, RandomGenerator random) {
        ReplyIdentity identity = ReplyIdentity.resolve(persona, message.botParams().ais(), random);
        return identity.username().length() <= Message.MAX_PERSONA_USERNAME ? identity
                : new ReplyIdentity(identity.username().substring(0, Message.MAX_PERSONA_USERNAME), identity.color());
    }

    /** The {@code lastError} of a message failed for its age. */
    public static String tooOld(Duration maxAge) {
        return "too old: not answered after " + maxAge.toMinutes() + " minutes";
    }

    /** {@code botParams.nom}: a number of context lines, or all of them ({@code null}, {@code ALL}). */
    static Integer contextLines(String nom) {
        return nom == null || "ALL".equals(nom) ? null : Integer.valueOf(nom);
    }

    /**
     * The reply as the persona posts it: under the persona's identity (or the message's {@code ais}), in the
     * message's domain and language, linked to it by {@code replyTo}. Persona names may be up to
     * {@link Message#MAX_PERSONA_USERNAME} characters (docs/api.md); longer ones are cut, as the original did at 16.
     */
    static Message draft(Message message, Persona persona, MessageId replyId, String text, RandomGenerator random) {
        ReplyIdentity identity = postedIdentity(message, persona, random);
        return new Message(replyId, text, 0, null, identity.username(), new Color(identity.color()), message.domain(),
                message.language(), MessageType.AI, null, null, null, message.id().value());
    }
}
