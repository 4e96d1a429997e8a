package dev.chorus.application.moderation;

import dev.chorus.application.AccessDeniedException;
import dev.chorus.application.Caller;
import dev.chorus.application.MessageHidden;
import dev.chorus.application.MessageNotFoundException;
import dev.chorus.domain.Message;
import dev.chorus.domain.MessageBoard;
import dev.chorus.domain.MessageId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The operator's moderation use cases: every one needs the operator credential (401 otherwise) and is written to
 * the audit log once it took effect. Hiding goes through the board's own write path ({@link MessageBoard#setHidden}),
 * so polls, pages, searches, counts and the stream agree on every member.
 */
@ApplicationScoped
public class Moderation {
    @Inject
    MessageBoard board;

    @Inject
    BanStore bans;

    @Inject
    AuditLog audit;

    @Inject
    Event<MessageHidden> hiddenEvents;

    /**
     * Hides a message for every reader; idempotent. Then {@link MessageHidden} is fired, so the bot fails a reply
     * still pending for it (docs/api.md); a repeat fires it again, so a retry after a failure there completes it.
     */
    public Message hide(String id, Caller caller) {
        Message hidden = setHidden(id, true, caller);
        hiddenEvents.fire(new MessageHidden(hidden.id()));
        return hidden;
    }

    /** Shows a hidden message again, at its own place in the timeline; idempotent. */
    public Message restore(String id, Caller caller) {
        return setHidden(id, false, caller);
    }

    private Message setHidden(String id, boolean hidden, Caller caller) {
        requireOperator(caller);
        Message message = board.setHidden(new MessageId(id), hidden).orElseThrow(() -> new MessageNotFoundException(id));
        audit.recordDone(caller, hidden ? "hide" : "restore", id, null);
        return message;
    }

    /** Adds a ban from the operator's request; 400 (nothing stored) when the request is not valid. */
    public Ban ban(String address, String username, Integer minutes, String reason, Caller caller) {
        requireOperator(caller);
        Ban ban = Ban.of(UUID.randomUUID().toString(), address, username, minutes, reason, System.currentTimeMillis());
        bans.add(ban);
        audit.recordDone(caller, "ban", ban.id(), ban.kind().wireName() + " " + ban.subject() + " for " + minutes + " min: "
                + ban.reason());
        return ban;
    }

    public List<Ban> bans(Caller caller) {
        requireOperator(caller);
        return bans.active(System.currentTimeMillis());
    }

    /** Ends a ban now. */
    public void unban(String id, Caller caller) {
        requireOperator(caller);
        Optional<Ban> ban = bans.find(id);
        if (ban.isEmpty() || !bans.remove(id)) {
            throw new BanNotFoundException(id);
        }
        audit.recordDone(caller, "unban", id, ban.get().kind().wireName() + " " + ban.get().subject());
    }

    public List<AuditEntry> audit(int limit, Caller caller) {
        requireOperator(caller);
        return audit.newest(limit);
    }

    /**
     * Refuses a POST from a banned address or under a banned username (403 with the reason and the time left).
     * The bot's own posts are never refused: a ban is against a client, not a persona.
     */
    public void admit(String username, Caller caller) {
        if (caller.bot()) {
            return;
        }
        long now = System.currentTimeMillis();
        String address = IpAddress.canonicalOrSelf(caller.address()); // once, not once per ban
        for (Ban ban : bans.active(now)) {
            if (ban.refuses(address, username, now)) {
                throw new BannedException(ban.reason(), ban.secondsLeft(now));
            }
        }
    }

    /** 401 unless the caller presented the operator credential (endpoints check it before reading a body). */
    public void authorize(Caller caller) {
        requireOperator(caller);
    }

    private static void requireOperator(Caller caller) {
        if (!caller.operator()) {
            throw new AccessDeniedException("Moderation needs the operator credential");
        }
    }
}
