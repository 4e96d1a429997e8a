package dev.chorus.domain.bot;

import dev.chorus.domain.Message;
import dev.chorus.domain.persona.Persona;
import java.time.Duration;
import java.util.Objects;

/**
 * What is known about one claimed task so far: the input of {@link ReplyDecision#decide}. The first four facts
 * are read when work on the task starts; the others start unknown ({@code null}) and are added, one at a time,
 * when the decision asks for them ({@link ReplyStep}).
 *
 * @param task        the task as claimed (its token says whether an earlier attempt may have posted)
 * @param message     the message as the board holds it now; {@code null} when it is not on the board
 * @param persona     the task's persona in this member's catalog, enabled or not; {@code null} when unknown here
 * @param rules       the bot's settings
 * @param now         when work on the task started (epoch millis): the age check uses it
 * @param replyStored whether the derived reply is on the board already; {@code null} = not looked up
 * @param rateWait    the persona's rate limit: ZERO = counted, this reply may go; else how long to wait;
 *                    {@code null} = not counted yet
 * @param answer      what the LLM answered; {@code null} = not asked yet
 * @param posted      the reply has been posted (stored, or found stored: a post is idempotent on its id)
 */
public record ReplyFacts(BotTask task, Message message, Persona persona, ReplyRules rules, long now,
                         Boolean replyStored, Duration rateWait, LlmAnswer answer, boolean posted) {

    public ReplyFacts {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(rules, "rules");
        if (rateWait != null && rateWait.isNegative()) {
            throw new IllegalArgumentException("rateWait must not be negative");
        }
    }

    /** The facts at the start of work on {@code task}: nothing looked up, counted or asked yet. */
    public static ReplyFacts start(BotTask task, Message message, Persona persona, ReplyRules rules, long now) {
        return new ReplyFacts(task, message, persona, rules, now, null, null, null, false);
    }

    public ReplyFacts withReplyStored(boolean stored) {
        return new ReplyFacts(task, message, persona, rules, now, stored, rateWait, answer, posted);
    }

    public ReplyFacts withRateWait(Duration wait) {
        return new ReplyFacts(task, message, persona, rules, now, replyStored, Objects.requireNonNull(wait, "wait"),
                answer, posted);
    }

    public ReplyFacts withAnswer(LlmAnswer value) {
        return new ReplyFacts(task, message, persona, rules, now, replyStored, rateWait,
                Objects.requireNonNull(value, "answer"), posted);
    }

    public ReplyFacts withPosted() {
        return new ReplyFacts(task, message, persona, rules, now, replyStored, rateWait, answer, true);
    }
}
