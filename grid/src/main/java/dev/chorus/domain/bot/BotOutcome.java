package dev.chorus.domain.bot;

import dev.chorus.domain.persona.Prompt;
import java.time.Duration;
import java.util.Objects;

/**
 * How work on one claimed task ended: the final {@link ReplyStep}. The application records each outcome on the
 * queue (with the claim's token) and on the message together.
 */
public sealed interface BotOutcome extends ReplyStep permits BotOutcome.Dropped, BotOutcome.LeftToOthers,
        BotOutcome.AlreadyAnswered, BotOutcome.Completed, BotOutcome.DryRun, BotOutcome.AttemptFailed,
        BotOutcome.Deferred, BotOutcome.GaveUp {

    /** The message is gone or names no persona: the task goes, there is nothing to record on a message. */
    record Dropped(String why) implements BotOutcome {
        public Dropped {
            Objects.requireNonNull(why, "why");
        }
    }

    /**
     * This member has no enabled persona {@code personaId} (it left the file, or was disabled, after the message
     * was queued): the task goes, the message stays pending and untouched for another bot, as intake leaves it.
     */
    record LeftToOthers(String personaId) implements BotOutcome {
    }

    /** The message is answered already (an earlier attempt, or an outside bot's PATCH): complete the task only. */
    record AlreadyAnswered() implements BotOutcome {
    }

    /**
     * Done: the task completes and the message becomes {@code processed:true, status:complete}.
     *
     * @param replyId the reply's id when there is a reply, else {@code null}
     * @param note    recorded as {@code lastError} (e.g. why nothing was posted), or {@code null}
     * @param how     what completed it (for metrics and logs)
     */
    record Completed(String replyId, String note, How how) implements BotOutcome {
        /** What completed a task. */
        public enum How {
            /** The reply was posted now. */
            REPLIED,
            /** The reply was already stored by an attempt that died before completing: it is not posted again. */
            FOUND_STORED,
            /** The persona answered {@code [SKIP]}: nothing is posted. */
            SKIPPED
        }

        public static final String SKIP_NOTE = "skipped: the persona replied [SKIP]";

        public Completed {
            Objects.requireNonNull(how, "how");
            if ((how == How.SKIPPED) != (replyId == null)) {
                throw new IllegalArgumentException("a reply id exactly when there is a reply");
            }
        }
    }

    /** Dry run: the prompt is built (and logged) but no LLM is asked and nothing is posted; the task completes. */
    record DryRun(Prompt prompt) implements BotOutcome {
        public static final String NOTE = "dry run";

        public DryRun {
            Objects.requireNonNull(prompt, "prompt");
        }
    }

    /** A failed attempt: backoff and try again, or failed once the attempts are spent. */
    record AttemptFailed(String error) implements BotOutcome {
        public AttemptFailed {
            Objects.requireNonNull(error, "error");
        }
    }

    /** Not now, and no attempt spent (rate limit, no LLM server, all busy): pending again after {@code after}. */
    record Deferred(Duration after, String note) implements BotOutcome {
        public Deferred {
            Objects.requireNonNull(note, "note");
            if (after == null || after.isNegative()) {
                throw new IllegalArgumentException("after must not be negative");
            }
        }
    }

    /** Given up at once, whatever attempts are left (too old to answer). */
    record GaveUp(String error) implements BotOutcome {
        public GaveUp {
            Objects.requireNonNull(error, "error");
        }
    }
}
