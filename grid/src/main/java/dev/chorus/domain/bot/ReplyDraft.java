package dev.chorus.domain.bot;

import dev.chorus.domain.Color;
import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;

/**
 * What readers see of a reply while it is being generated: one attempt's draft ({@link #draftId()}: the message and
 * an attempt id, so a retry starts a new draft), with the text so far that the persona's rules allow
 * showing ({@link dev.chorus.domain.persona.ReplyShaper#draft}), or the end of the draft ({@link #end()} set). Never
 * a message: not stored, not in polls, pages or counts. Travels between members (a grid topic), so it lives here.
 *
 * @param draftId  one attempt of one reply: {@code messageId/attempt}
 * @param replyTo  the id of the message being answered
 * @param entity   the persona's id
 * @param username the name the reply is posted under
 * @param color    its color ({@code RRRGGGBBB})
 * @param text     the text so far ({@code ""} before any is sure; {@code ""} on an end)
 * @param sequence grows with every update of this draft (the end has the highest)
 * @param memberId the member generating it: when it leaves the cluster, readers' members withdraw the draft
 * @param end      {@code null} while the draft grows; else why it ended ({@link End})
 * @param replyId  the stored reply's id when {@code end} is {@link End#REPLIED}, else {@code null}
 */
public record ReplyDraft(String draftId, String replyTo, String entity, String username, String color, String text,
                         int sequence, String memberId, End end, String replyId) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Why a draft ended. Every end but {@link #REPLIED} withdraws it: no reply will replace it. */
    public enum End {
        /** The reply is stored ({@code replyId}); it replaces the draft. */
        REPLIED("replied"),
        /** The persona chose not to answer ({@code [SKIP]}). */
        SKIPPED("skipped"),
        /** The attempt failed (the LLM failed, the reply was empty, ...): a retry may start a new draft. */
        FAILED("failed"),
        /** The attempt ended without a reply for another reason (too old, deferred, left to other bots). */
        WITHDRAWN("withdrawn"),
        /** The member generating it left the cluster (decided by the reader's member). */
        MEMBER_LEFT("member-left"),
        /** No update came for too long (decided by the reader's member). */
        TIMED_OUT("timed-out");

        private final String wireName;

        End(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    public ReplyDraft {
        Objects.requireNonNull(draftId, "draftId");
        Objects.requireNonNull(replyTo, "replyTo");
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(memberId, "memberId");
        if (!Color.isValid(color)) {
            throw new IllegalArgumentException("color must be RRRGGGBBB");
        }
        text = text == null || end != null ? "" : text;
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must be 0 or more");
        }
        if ((end == End.REPLIED) != (replyId != null)) {
            throw new IllegalArgumentException("a reply id comes with, and only with, a REPLIED end");
        }
    }

    /**
     * The draft of attempt {@code attempt} on {@code replyTo}, with no text yet. {@code attempt} must differ between
     * attempts at one message (readers' members drop the updates of a draft id that has ended).
     */
    public static ReplyDraft started(String replyTo, String attempt, String entity, String username, String color,
                                     String memberId) {
        Objects.requireNonNull(attempt, "attempt");
        return new ReplyDraft(replyTo + "/" + attempt, replyTo, entity, username, color, "", 0, memberId, null, null);
    }

    /** The next update, with {@code newText}. */
    public ReplyDraft withText(String newText) {
        return new ReplyDraft(draftId, replyTo, entity, username, color, newText, sequence + 1, memberId, null, null);
    }

    /** The end of this draft. */
    public ReplyDraft ended(End why, String storedReplyId) {
        return new ReplyDraft(draftId, replyTo, entity, username, color, "", sequence + 1, memberId, why, storedReplyId);
    }

    public boolean isEnd() {
        return end != null;
    }
}
