package dev.chorus.domain.bot;

import dev.chorus.domain.Message;
import dev.chorus.domain.MessageId;
import dev.chorus.domain.persona.Prompt;
import dev.chorus.domain.persona.RateLimits;
import java.util.Objects;

/**
 * What the bot does next with a claimed task ({@link ReplyDecision#decide}): either one effect whose result the
 * decision needs before it can go on — look the reply up, count the persona's rate limit, ask the LLM, post the
 * reply — or a final {@link BotOutcome}. The application performs the effect, adds its result to the
 * {@link ReplyFacts} and asks again, until an outcome comes back.
 */
public sealed interface ReplyStep permits ReplyStep.LookUpReply, ReplyStep.CountRate, ReplyStep.AskLlm,
        ReplyStep.PostReply, BotOutcome {

    /** Is the reply {@code replyId} stored already? (An earlier attempt may have posted it and died.) */
    record LookUpReply(MessageId replyId) implements ReplyStep {
        public LookUpReply {
            Objects.requireNonNull(replyId, "replyId");
        }
    }

    /** Count one reply of the persona against its rate limits, if they allow it now; how long to wait if not. */
    record CountRate(String personaId, RateLimits limits) implements ReplyStep {
        public CountRate {
            Objects.requireNonNull(personaId, "personaId");
            Objects.requireNonNull(limits, "limits");
        }
    }

    /** Ask the LLM to complete {@code prompt}. */
    record AskLlm(Prompt prompt) implements ReplyStep {
        public AskLlm {
            Objects.requireNonNull(prompt, "prompt");
        }
    }

    /** Post {@code reply} as the persona (its id is derived from the message and the persona: idempotent). */
    record PostReply(Message reply) implements ReplyStep {
        public PostReply {
            Objects.requireNonNull(reply, "reply");
        }
    }
}
