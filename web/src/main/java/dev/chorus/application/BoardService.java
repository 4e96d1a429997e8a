package dev.chorus.application;

import dev.chorus.domain.AppendOutcome;
import dev.chorus.domain.InvalidMessageException;
import dev.chorus.domain.Message;
import dev.chorus.domain.MessageBoard;
import dev.chorus.domain.MessageCounts;
import dev.chorus.domain.MessageId;
import dev.chorus.domain.MessageType;
import dev.chorus.domain.UserFilter;
import dev.chorus.domain.UserSearch;
import dev.chorus.application.moderation.Moderation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;

/**
 * The board's use cases. Checks who may do what (bot credential, rate limit) before anything is stored, counts
 * what happens for the metrics, and tells the rest of the application (live push, bot) about new messages.
 */
@ApplicationScoped
public class BoardService {

    @Inject
    MessageBoard board;

    @Inject
    UserSearch userSearch;

    @Inject
    PostRateLimiter rateLimiter;

    @Inject
    BoardMetrics metrics;

    @Inject
    Event<MessagePosted> posted;

    @Inject
    Moderation moderation;

    @Inject
    HiddenMessages hiddenMessages;

    /**
     * Stores a post; a repeat of a stored id returns the stored message, flagged duplicate, unless an operator hid
     * it: then {@link MessageHiddenException} (410), so a repeat cannot read back what no reader may.
     */
    public AppendOutcome post(Message draft, Caller caller) {
        if (draft.type() == MessageType.AI && !caller.bot()) {
            throw new AccessDeniedException("Posting message-type AI needs the bot credential");
        }
        if (draft.replyTo() != null && !caller.bot()) {
            // replyTo links a persona's reply to its message; from anyone else it could attach to any id.
            throw new InvalidMessageException("replyTo", "replyTo is set only on persona replies (bot credential)");
        }
        moderation.admit(draft.username(), caller); // a banned client is refused before anything is counted
        Message toStore = draft.addressedToPersona() ? draft.withBotParams(draft.botParams().startPending()) : draft;
        // A repeat of a stored id is answered without counting it against the rate limit (it is a retry).
        AppendOutcome outcome = metrics.timeStore(() -> board.post(toStore, () -> admit(caller)));
        if (!outcome.duplicate()) {
            metrics.posted();
            posted.fire(new MessagePosted(outcome.message()));
        } else if (hiddenMessages.isHidden(outcome.message().id())) {
            throw new MessageHiddenException(outcome.message().id().value());
        }
        return outcome;
    }

    private void admit(Caller caller) {
        if (caller.bot()) {
            return;
        }
        Duration wait = rateLimiter.tryAcquire(caller.address());
        if (!wait.isZero()) {
            metrics.rateLimited();
            throw new RateLimitedException(wait);
        }
    }

    public List<Message> poll(long cursor, MessageType type, int limit) {
        List<Message> found = board.after(cursor, type, limit);
        metrics.polled(found.isEmpty());
        return found;
    }

    /** A page from the newest end; {@code limit} 0 answers only the total (the original's page asks for it so). */
    public MessageBoard.Page page(int offset, int limit, MessageType type, String search) {
        if (limit == 0 && (search == null || search.isBlank())) {
            return new MessageBoard.Page(List.of(), board.counts().of(type));
        }
        if (limit == 0) {
            return new MessageBoard.Page(List.of(), board.page(0, 1, type, search).total());
        }
        return board.page(offset, limit, type, search);
    }

    /** The user search: a page of the users' messages, newest first, with the true total. */
    public MessageBoard.Page searchUsers(List<UserFilter> users, int offset, int limit) {
        return userSearch.byUsers(users, offset, limit);
    }

    /**
     * Stores a message taken from the original's export (docs/operations.md, "The bot and migration"): through the
     * same board path as a post, so it gets a new server timestamp after everything already there (the original's is
     * kept as {@code clientTimestamp}) and no cursor can miss or repeat it; idempotent on id. Unlike a post, its bot
     * bookkeeping is kept as the file says: it was answered (or not) by the original, never again here.
     */
    public AppendOutcome importMessage(Message message, Caller caller) {
        if (!caller.bot()) {
            throw new AccessDeniedException("Import needs the bot credential");
        }
        AppendOutcome outcome = metrics.timeStore(() -> board.importMessage(message));
        if (!outcome.duplicate()) {
            metrics.posted();
            posted.fire(new MessagePosted(outcome.message()));
        }
        return outcome;
    }

    public Message setProcessed(MessageId id, boolean processed, Caller caller) {
        if (!caller.bot()) {
            throw new AccessDeniedException("PATCH needs the bot credential");
        }
        return board.setProcessed(id, processed).orElseThrow(() -> new MessageNotFoundException(id.value()));
    }

    public MessageCounts counts() {
        return board.counts();
    }
}
