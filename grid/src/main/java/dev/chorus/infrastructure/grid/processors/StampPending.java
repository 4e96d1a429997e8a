package dev.chorus.infrastructure.grid.processors;

import dev.chorus.domain.Message;
import dev.chorus.domain.RecentWindow;
import dev.chorus.domain.WindowChange;

/**
 * Stamps a post in the recent window, pending (invisible to readers) until {@link CommitInWindow}: the window's
 * owner is the cluster's single serialization point, so timestamps strictly increase. Only in a window that
 * this very member took over ({@link InstallWindow}): a copy it holds because its primary moved or was lost —
 * a migration, a crash, a pause, a split, a merge — may lack what the previous holder stamped and stored, so it
 * answers {@link Stamp#unfenced} and stamps nothing. Idempotent: an id already in the window is returned as a
 * duplicate.
 */
public final class StampPending extends WindowChangeProcessor<Stamp> {
    private static final long serialVersionUID = 1L;
    private final Message message;
    private final String writer;

    /** {@code writer}: the member that is about to make the message durable. */
    public StampPending(Message message, String writer) {
        this.message = message.slim();
        this.writer = writer;
    }

    @Override
    protected Decision<Stamp> decide(RecentWindow window) {
        return stamp(window, message, writer, localMember());
    }

    /** The stamp of {@code message} (slim) in {@code window}, on the owner {@code owner}: shared with the batch. */
    static Decision<Stamp> stamp(RecentWindow window, Message message, String writer, String owner) {
        if (window == null) {
            return Decision.none(Stamp.needsFence(0));
        }
        var existing = window.find(message.id());
        if (existing.isPresent()) {
            return Decision.none(new Stamp(existing.get(), true, window.epoch(), false));
        }
        if (!window.stampedBy(owner)) {
            return Decision.none(Stamp.needsFence(window.epoch()));
        }
        Message stamped = window.stamp(message, System.currentTimeMillis());
        return new Decision<>(new WindowChange.Stamped(stamped, writer), new Stamp(stamped, false, window.epoch(), false));
    }
}
