package dev.chorus.application;

import dev.chorus.domain.Message;
import dev.chorus.domain.MessageBoard;
import dev.chorus.domain.MessageId;
import dev.chorus.domain.MessageType;
import dev.chorus.domain.bot.ReplyDraft;
import jakarta.enterprise.context.ApplicationScoped;
import dev.chorus.domain.VisibilityEvent;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What live push needs of the board: the very read polling uses ({@link MessageBoard#after}), so push and polling
 * cannot disagree, and when to read again ({@link BoardChanges}). Unlike {@link BoardService#poll} it counts no
 * polls: one push round reads once per subscriber, which is not a client's request. Drafts of replies being
 * generated ({@link ReplyDrafts}) come with it, for live push only.
 */
@ApplicationScoped
public class BoardFeed {

    private MessageBoard board;
    private BoardChanges changes;
    private ReplyDrafts drafts;
    private VisibilityChanges visibility;

    /** For the CDI proxy only. */
    protected BoardFeed() {
    }

    @Inject
    public BoardFeed(MessageBoard board, BoardChanges changes, ReplyDrafts drafts, VisibilityChanges visibility) {
        this.board = board;
        this.changes = changes;
        this.drafts = drafts;
        this.visibility = visibility;
    }

    /** The first {@code limit} messages after {@code cursor}, newest first (as {@link BoardService#poll}). */
    public List<Message> after(long cursor, MessageType type, int limit) {
        return board.after(cursor, type, limit);
    }

    /** One message by id, hidden or not (a restore's {@code restored} event carries it). */
    public Optional<Message> find(MessageId id) {
        return board.find(id);
    }

    /** The newest timestamp readers on this member can see: where a stream with no cursor starts. */
    public long newestTimestamp() {
        return changes.newestTimestamp();
    }

    /** Runs {@code onChange} (non-blocking!) after every change of the board; close the handle to stop. */
    public AutoCloseable onChange(Runnable onChange) {
        return changes.onChange(onChange);
    }

    /**
     * Runs {@code onDraft} (non-blocking!) for every draft of a reply being generated anywhere in the cluster, and
     * its end; close the handle to stop. Drafts are not messages: no cursor, never stored.
     */
    public AutoCloseable onDraft(Consumer<ReplyDraft> onDraft) {
        return drafts.subscribe(onDraft);
    }

    /** Runs {@code listener} (non-blocking!) whenever an operator hides or restores a message; close to stop. */
    public AutoCloseable onVisibility(Consumer<VisibilityEvent> listener) {
        return visibility.onChange(listener);
    }
}
