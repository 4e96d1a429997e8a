package dev.chorus.infrastructure.grid.processors;

import dev.chorus.domain.AppendOutcome;
import dev.chorus.domain.Message;
import dev.chorus.domain.RecentWindow;
import dev.chorus.domain.WindowChange;

/**
 * Test fixture (production stamps through {@link StampPending}, in a window its owner took over): appends a
 * message to the recent window and stamps its timestamp there: the window's owner is the cluster's
 * single serialization point, so timestamps strictly increase and the window is always in cursor order.
 * With a writer, the entry stays pending (invisible to readers) until {@link CommitInWindow}.
 * Idempotent: a message whose id is already in the window is returned as it is, flagged duplicate.
 */
public final class AppendToWindow extends WindowChangeProcessor<AppendOutcome> {
    private static final long serialVersionUID = 1L;
    private final Message message;
    private final int capacity;
    private final String writer;

    /** Appends a message that is durable already: visible at once. */
    public AppendToWindow(Message message, int capacity) {
        this(message, capacity, null);
    }

    private AppendToWindow(Message message, int capacity, String writer) {
        this.message = message.slim();
        this.capacity = capacity;
        this.writer = writer;
    }

    /** Appends a message {@code writer} (a member id) is about to make durable: pending until committed. */
    public static AppendToWindow pending(Message message, int capacity, String writer) {
        return new AppendToWindow(message, capacity, writer);
    }

    @Override
    protected Decision<AppendOutcome> decide(RecentWindow current) {
        if (current == null) {
            RecentWindow first = RecentWindow.empty(capacity).appendPending(message, System.currentTimeMillis(), writer);
            return new Decision<>(new WindowChange.Installed(first),
                    new AppendOutcome(first.find(message.id()).orElseThrow(), false));
        }
        var existing = current.find(message.id());
        if (existing.isPresent()) {
            return Decision.none(new AppendOutcome(existing.get(), true));
        }
        Message stamped = current.stamp(message, System.currentTimeMillis());
        return new Decision<>(new WindowChange.Stamped(stamped, writer), new AppendOutcome(stamped, false));
    }
}
