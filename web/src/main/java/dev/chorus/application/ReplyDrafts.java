package dev.chorus.application;

import dev.chorus.domain.bot.ReplyDraft;
import java.util.function.Consumer;

/**
 * Drafts of replies being generated, cluster-wide (the port; the grid adapter carries them on a topic). Best effort
 * by design: a draft is only a preview, the stored reply is what counts, so publishing never blocks a reply and a
 * lost update is only a draft that grows in a larger step.
 */
public interface ReplyDrafts {

    /** Sends {@code draft} (an update or an end) to every member's subscribers; never throws, never blocks for long. */
    void publish(ReplyDraft draft);

    /**
     * Runs {@code listener} (non-blocking!) for every draft update and end published anywhere in the cluster, plus the
     * ends this member decides itself: a draft whose generating member left, or that stopped getting updates, is
     * withdrawn ({@link ReplyDraft.End#MEMBER_LEFT}, {@link ReplyDraft.End#TIMED_OUT}). After its end, a late update
     * of a draft is not passed on. Close the handle to stop.
     */
    AutoCloseable subscribe(Consumer<ReplyDraft> listener);
}
