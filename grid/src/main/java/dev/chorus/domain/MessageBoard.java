package dev.chorus.domain;

import java.util.List;
import java.util.Optional;

/**
 * The board's storage port: every read and write the application makes. Implementations must keep the
 * promise of docs/api.md: an acknowledged post is durable and visible to every poller, cursors never skip.
 */
public interface MessageBoard {

    /**
     * Stores a new message (idempotent on id); returns the stored message, flagged when it existed. For a new id,
     * {@code admitNew} runs first and may throw to refuse the post (rate limit): a repeat of a recent id (a
     * client's retry) is answered without it; a repeat of an id older than the recent window may be counted once
     * before it is found (it is answered and stored the same way: never twice).
     */
    AppendOutcome post(Message draft, Runnable admitNew);

    /**
     * Stores a message of another board's export like {@link #post}, counted against nothing. Unlike a post, a
     * repeat is the rule (an export imported again) and mostly older than any recent window, so an implementation
     * may look for the stored copy first.
     */
    default AppendOutcome importMessage(Message message) {
        return post(message, () -> { });
    }

    Optional<Message> find(MessageId id);

    /** The first {@code limit} messages with timestamp after {@code cursor}, newest first. */
    List<Message> after(long cursor, MessageType type, int limit);

    /** A page counted from the newest end, oldest first, with the number of matching messages. */
    Page page(int offset, int limit, MessageType type, String search);

    /** Messages of any of the given users, newest first. */
    List<Message> byUsers(List<UserFilter> users, int limit);

    /** Sets {@code processed} (and status) on the message and in the recent window; empty when no such id. */
    Optional<Message> setProcessed(MessageId id, boolean processed);

    /**
     * The bot's bookkeeping (status, attempts, replyId, lastError; processed follows status complete) on the
     * message and, in place, in the recent window; empty when no such id. A complete message stays complete.
     */
    Optional<Message> recordBotProgress(MessageId id, BotStatus status, Integer attempts, String replyId,
                                        String lastError);

    /**
     * Hides a message for every reader (an operator's moderation), or shows it again: left out of polls, pages,
     * searches, user search and counts on every member from the answer on; the row and its timestamp are kept.
     * Idempotent. Returns the message as stored; empty when no such id.
     */
    Optional<Message> setHidden(MessageId id, boolean hidden);

    /** Persona-addressed messages still waiting for a reply (pending/processing), oldest first, without context. */
    List<Message> awaitingReply(int limit);

    MessageCounts counts();

    /** Size of the recent window on this member (for metrics). */
    int windowSize();

    record Page(List<Message> messages, long total) {
    }
}
