package dev.chorus.application;

import dev.chorus.domain.AppendOutcome;
import dev.chorus.domain.InvalidMessageException;
import dev.chorus.domain.Message;
import dev.chorus.domain.MessageBoard;
import dev.chorus.domain.MessageCounts;
import dev.chorus.domain.MessageId;
import dev.chorus.domain.MessageType;
import dev.chorus.domain.UserFilter;
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
    PostRateLimiter rateLimiter;

    @Inject
    BoardMetrics metrics;

    @Inject
    Event<MessagePosted> posted;

    /** Stores a post; a repeat of a stored id returns the stored message, flagged duplicate. */
    public AppendOutcome post(Message draft, Caller caller) {
        if (draft.type() == MessageType.AI && !caller.bot()) {
            throw new AccessDeniedException("Posting message-type AI needs the bot credential");
        }
        if (draft.replyTo() != null && !caller.bot()) {
            // replyTo links a persona's reply to its message; from anyone else it could attach to any id.
            throw new InvalidMessageException("replyTo", "replyTo is set only on persona replies (bot credential)");
        }
        Message toStore = draft.addressedToPersona() ? draft.withBotParams(draft.botParams().startPending()) : draft;
        // A repeat of a stored id is answered without counting it against the rate limit (it is a retry).
        AppendOutcome outcome = metrics.timeStore(() -> board.post(toStore, () -> admit(caller)));
        if (!outcome.duplicate()) {
            metrics.posted();
            posted.fire(new MessagePosted(outcome.message()));
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

    public MessageBoard.Page page(int offset, int limit, MessageType type, String search) {
        return board.page(offset, limit, type, search);
    }

    public List<Message> searchUsers(List<UserFilter> users, int limit) {
        return board.byUsers(users, limit);
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
